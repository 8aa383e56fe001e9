import { execKey } from '../registries.js';
import type { ActorStore } from './actor-store.js';
import { rejecting, replyWhenDurable, type Handler } from './context.js';
import type { TaskTarget } from './requests.js';
import { containerView, execView, usageView, type ProcessView } from './views.js';
import { exitOf, waitForExit } from './waiting.js';

function viewOf(store: ActorStore, { containerId, execId }: TaskTarget): ProcessView {
  const container = store.container(containerId);
  if (execId === '') return containerView(container);
  return execView(container.getSnapshot().context.sandboxId, store.exec(containerId, execId));
}

/** State: the process as it is, once what it entered is durable. */
export const taskState: Handler<'task.state'> = (context, request) =>
  rejecting(request.reply, () => {
    const view = viewOf(context.store, request);
    replyWhenDurable(context, view.sandboxId, request.reply, view);
  });

/** Wait: answered with the process's exit, at once or when it exits. */
export const waitTask: Handler<'task.wait'> = (context, request) =>
  rejecting(request.reply, () => {
    const { containerId, execId, signal, reply } = request;
    const view = viewOf(context.store, request);
    const { containers, execs } = context.store.registries;
    const register: Parameters<typeof waitForExit>[3] = (waiter) =>
      execId === ''
        ? containers.addWaiter(containerId, waiter)
        : execs.addWaiter(execKey(containerId, execId), waiter);
    waitForExit(context, view.sandboxId, exitOf(view), register, signal, reply);
  });

/** Pids: the live processes of the container, its init process first. */
export const taskPids: Handler<'task.pids'> = ({ store }, { containerId, reply }) =>
  rejecting(reply, () => {
    const container = store.container(containerId).getSnapshot();
    if (!container.hasTag('live')) return reply.resolve([]);
    const { registries } = store;
    const execPids = registries
      .execIdsOf(containerId)
      .map((execId) => registries.getExec(containerId, execId)?.getSnapshot())
      .filter((exec) => exec?.hasTag('live'))
      .map((exec) => exec?.context.pid ?? 0);
    reply.resolve([container.context.pid, ...execPids]);
  });

/** Stats: the container as the usage model samples it (its own state decides what the sample is). */
export const taskStats: Handler<'task.stats'> = ({ store }, { containerId, reply }) =>
  rejecting(reply, () => {
    const container = store.container(containerId);
    const sandbox = store.sandbox(container.getSnapshot().context.sandboxId);
    reply.resolve(usageView(store.registries, sandbox, container));
  });
