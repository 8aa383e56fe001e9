import { AlreadyExistsError } from '../../src/core/errors.js';
import { KUASAR_ORIGIN } from '../container.machine.js';
import type { JsonObject } from '../../src/core/json.js';
import type { ExecActor } from '../registries.js';
import type { ActorStore } from './actor-store.js';
import { rejecting, replyWhenDurable, type Handler } from './context.js';
import { diffKuasarTasks, type KuasarProcess, type KuasarTask, type TaskDiff } from './kuasar-diff.js';

function taskRecord(task: KuasarTask): JsonObject {
  return {
    origin: KUASAR_ORIGIN,
    bundle: '',
    rootfs: task.rootfs.map((mount) => ({ ...mount, options: [...mount.options] })),
    terminal: false,
    stdin: task.stdin,
    stdout: task.stdout,
    stderr: task.stderr,
    annotations: {},
  };
}

function processRecord(process: KuasarProcess): JsonObject {
  return {
    origin: KUASAR_ORIGIN,
    terminal: false,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    spec: (process.spec ?? null) as JsonObject | null,
  };
}

/** A process leaving the list goes as containerd would take it down: killed if it runs, then deleted. */
function removeExec(store: ActorStore, exec: ExecActor, at: number): void {
  if (exec.getSnapshot().hasTag('live')) store.sendToExec(exec, { type: 'KILL', at, signal: 9 });
  store.sendToExec(exec, { type: 'DELETE', at });
}

/** The tasks and processes leaving the list go, in containerd's order: execs first, a running task killed first. */
function removeGone(store: ActorStore, diff: TaskDiff, at: number): void {
  const { registries } = store;
  for (const taskId of diff.removeTaskIds) {
    for (const execId of registries.execIdsOf(taskId)) removeExec(store, store.exec(taskId, execId), at);
    const container = store.container(taskId);
    // Delete is refused while the process runs: kill it first, as containerd would.
    if (!container.getSnapshot().can({ type: 'DELETE', at }))
      store.sendToContainer(container, { type: 'KILL', at, signal: 9 });
    store.sendToContainer(container, { type: 'DELETE', at });
  }
  for (const { taskId, execId } of diff.removeProcesses) removeExec(store, store.exec(taskId, execId), at);
}

/** New tasks become containers (created), with their processes; new processes of staying tasks become execs. */
function addNew(
  store: ActorStore,
  sandboxId: string,
  diff: TaskDiff,
  resources: Record<string, JsonObject>,
  at: number,
) {
  const addExec = (containerId: string, process: KuasarProcess): void => {
    store.spawnExec({ id: process.execId, containerId, createdAt: at, record: processRecord(process) });
  };
  for (const task of diff.addTasks) {
    const { taskId: id } = task;
    const record = taskRecord(task);
    store.spawnContainer({ id, sandboxId, createdAt: at, record, resources: resources[id] ?? {} });
    for (const process of task.processes) addExec(id, process);
  }
  for (const { taskId, process } of diff.addProcesses) addExec(taskId, process);
}

/**
 * Kuasar's fork protocol: Controller.Update with "extensions.tasks" carries the sandbox's whole container list.
 * The list is diffed against the sandbox's containers: new tasks become container actors (created), missing ones
 * are removed, and exec processes are added or removed the same way. Everything is checked before anything changes.
 */
export const syncKuasarTasks: Handler<'sandbox.sync-tasks'> = (context, request) =>
  rejecting(request.reply, () => {
    const { store, ports } = context;
    const { registries } = store;
    const { sandboxId } = request;
    const sandbox = store.sandbox(sandboxId);
    const current = registries
      .containerIdsOf(sandboxId)
      .map((taskId) => ({ taskId, execIds: registries.execIdsOf(taskId) }));
    const diff = diffKuasarTasks(current, request.desired);
    if (diff.addTasks.length > 0 || diff.addProcesses.length > 0)
      store.checkSandbox(sandbox, { type: 'ADD_CONTAINER', name: '' });
    const taken = diff.addTasks.find((task) => registries.containers.has(task.taskId));
    if (taken) throw new AlreadyExistsError(`task ${taken.taskId} already exists`);
    const next = ports.applySandboxUpdate(sandbox.getSnapshot().context, request.update);
    store.sendToSandbox(sandbox, { type: 'UPDATE', ...next });
    const at = ports.now();
    removeGone(store, diff, at);
    addNew(store, sandboxId, diff, request.resources, at);
    replyWhenDurable(context, sandboxId, request.reply, undefined);
  });
