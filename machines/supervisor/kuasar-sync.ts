import { createActor } from 'xstate';
import { diffKuasarTasks, type KuasarProcess, type KuasarTask } from '../../src/containers/kuasar-tasks.js';
import { AlreadyExistsError, FailedPreconditionError } from '../../src/errors.js';
import type { JsonObject } from '../json.js';
import type { Reply } from '../reply.js';
import { statesTagged } from '../states-accepting.js';
import { lookupSandbox, type SandboxChange } from './sandbox-requests.js';
import { KUASAR_ORIGIN, rejecting, replyWhenDurable, type SupervisorContext } from './shared.js';
import { sendToContainer, sendToExec } from './task-requests.js';

/**
 * Kuasar's fork protocol: Controller.Update with "extensions.tasks" carries the sandbox's whole container list.
 * The list is diffed against the sandbox's containers: new tasks become container actors (created), missing ones
 * are removed, and exec processes are added or removed the same way. Everything is checked before anything changes.
 */
export interface SyncTasksRequest {
  type: 'sandbox.sync-tasks';
  sandboxId: string;
  desired: KuasarTask[];
  /** Each desired task's resources, extracted (and validated) from its spec by the transport. */
  resources: Record<string, JsonObject>;
  /** The sandbox record change that stores the extension itself. */
  change: SandboxChange;
  reply: Reply<void>;
}

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

export function syncTasks(context: SupervisorContext, request: SyncTasksRequest): void {
  rejecting(request.reply, () => {
    const { registries, ports, machines } = context;
    const { sandboxId } = request;
    const sandbox = lookupSandbox(context, sandboxId);
    const current = registries.containerIdsOf(sandboxId).map((taskId) => ({
      taskId,
      execIds: registries.execIdsOf(taskId),
    }));
    const diff = diffKuasarTasks(current, request.desired);
    const owner = sandbox.getSnapshot();
    if ((diff.addTasks.length > 0 || diff.addProcesses.length > 0) && !owner.hasTag('acceptsContainers')) {
      const accepting = statesTagged(machines.sandbox, 'acceptsContainers').join(' or ');
      throw new FailedPreconditionError(
        `sandbox ${sandboxId} is ${owner.value}; containers can be added only to a ${accepting} sandbox`,
      );
    }
    for (const task of diff.addTasks) {
      if (registries.containers.has(task.taskId))
        throw new AlreadyExistsError(`task ${task.taskId} already exists`);
    }
    const next = request.change(sandbox.getSnapshot().context);
    sandbox.send({ type: 'UPDATE', ...next });

    const at = ports.now();
    for (const taskId of diff.removeTaskIds) {
      for (const execId of registries.execIdsOf(taskId)) {
        const exec = registries.getExec(taskId, execId);
        if (exec?.getSnapshot().hasTag('live'))
          sendToExec(context, sandboxId, exec, { type: 'KILL', at, signal: 9 });
        if (exec) sendToExec(context, sandboxId, exec, { type: 'DELETE', at });
      }
      const container = registries.containers.get(taskId);
      if (!container) continue;
      // Delete is refused while the process runs: kill it first, as containerd would.
      if (!container.getSnapshot().can({ type: 'DELETE', at })) {
        sendToContainer(context, container, { type: 'KILL', at, signal: 9 });
      }
      sendToContainer(context, container, { type: 'DELETE', at });
    }
    for (const { taskId, execId } of diff.removeProcesses) {
      const exec = registries.getExec(taskId, execId);
      if (!exec) continue;
      if (exec.getSnapshot().hasTag('live'))
        sendToExec(context, sandboxId, exec, { type: 'KILL', at, signal: 9 });
      sendToExec(context, sandboxId, exec, { type: 'DELETE', at });
    }
    const addExec = (taskId: string, process: KuasarProcess): void => {
      const actor = createActor(machines.exec, {
        parent: context.registries.entities.parent,
        input: { id: process.execId, containerId: taskId, createdAt: at, record: processRecord(process) },
      });
      registries.addExec(taskId, process.execId, actor);
      context.registries.entities.start(actor);
    };
    for (const task of diff.addTasks) {
      const actor = createActor(machines.container, {
        parent: context.registries.entities.parent,
        input: {
          id: task.taskId,
          sandboxId,
          createdAt: at,
          pid: ports.allocatePid(),
          record: taskRecord(task),
          resources: request.resources[task.taskId] ?? {},
        },
      });
      registries.addContainer(sandboxId, task.taskId, actor);
      context.registries.entities.start(actor);
      for (const process of task.processes) addExec(task.taskId, process);
    }
    for (const { taskId, process } of diff.addProcesses) addExec(taskId, process);
    replyWhenDurable(context, sandboxId, request.reply, undefined);
  });
}
