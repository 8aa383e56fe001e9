import { AlreadyExistsError, type SandboxerError } from '../../src/core/errors.js';
import { rejecting, replyWhenDurable, type Handler } from './context.js';
import { containerView, execView } from './views.js';

/**
 * Create: a container actor in its sandbox, which must accept containers, once the node admits it. An id Kuasar's extensions.tasks already
 * announced is adopted rather than refused, as Kuasar's fork calls the task API's Create after announcing it.
 */
export const createTask: Handler<'task.create'> = (context, { command, reply }) =>
  rejecting(reply, () => {
    const { store, ports } = context;
    const { containerId: id, sandboxId, record } = command;
    const existing = store.registries.containers.get(id);
    if (existing) {
      if (!existing.getSnapshot().can({ type: 'ADOPT', sandboxId }))
        throw new AlreadyExistsError(`task ${id} already exists`);
      return replyWhenDurable(context, sandboxId, reply, containerView(existing));
    }
    const sandbox = store.sandbox(sandboxId);
    const name = ports.containerNameOf(record);
    // Admission comes after the sandbox's own precondition and before the sandbox counts the container.
    store.checkSandbox(sandbox, { type: 'ADD_CONTAINER', name });
    const admitted = ports.admitTask(command);
    store.sendToSandbox(sandbox, { type: 'ADD_CONTAINER', name });
    const run = name === '' ? 1 : (sandbox.getSnapshot().context.runs?.[name] ?? 1);
    const actor = store.spawnContainer({
      id,
      sandboxId,
      createdAt: ports.now(),
      record: { ...record, run },
      resources: admitted,
    });
    const created = containerView(actor);
    ports.whenDurable(sandboxId).then(
      () => reply.resolve(created),
      (error: SandboxerError) => {
        // Not durable means not created: forget it so a retry can succeed.
        if (store.registries.containers.get(id) === actor)
          store.dropContainer(id, `task ${id} was never durable`);
        reply.reject(error);
      },
    );
  });

/**
 * Start: the init process runs; an exec'd process takes a pid and, as nothing runs, exits at once: with 0, or the
 * status the pod's annotations script for now (a probe that fails on a schedule).
 */
export const startTask: Handler<'task.start'> = (context, { containerId, execId, reply }) =>
  rejecting(reply, () => {
    const { store, ports } = context;
    const container = store.container(containerId);
    const { sandboxId } = container.getSnapshot().context;
    const at = ports.now();
    if (execId === '') {
      store.sendToContainer(container, { type: 'START', at });
      return replyWhenDurable(context, sandboxId, reply, containerView(container));
    }
    const exec = store.exec(containerId, execId);
    store.startExec(exec, at);
    const started = execView(sandboxId, exec);
    const sandbox = store.sandbox(sandboxId).getSnapshot().context;
    const exitStatus = ports.execExitStatus(container.getSnapshot().context, sandbox, at);
    store.sendToExec(exec, { type: 'EXIT', at, exitStatus });
    replyWhenDurable(context, sandboxId, reply, started);
  });

/** Delete: the process goes; the answer is the process as it was, with its exit. */
export const deleteTask: Handler<'task.delete'> = (context, { containerId, execId, reply }) =>
  rejecting(reply, () => {
    const { store, ports } = context;
    const container = store.container(containerId);
    const { sandboxId } = container.getSnapshot().context;
    const event = { type: 'DELETE', at: ports.now() } as const;
    if (execId === '') {
      const before = containerView(container);
      store.sendToContainer(container, event);
      return replyWhenDurable(context, sandboxId, reply, before);
    }
    const exec = store.exec(containerId, execId);
    const before = execView(sandboxId, exec);
    store.sendToExec(exec, event);
    replyWhenDurable(context, sandboxId, reply, before);
  });
