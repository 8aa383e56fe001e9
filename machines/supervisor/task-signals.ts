import { FailedPreconditionError } from '../../src/core/errors.js';
import type { ContainerEvent } from '../container.machine.js';
import { containerView } from './views.js';
import { rejecting, replyWhenDurable, type Handler, type SupervisorContext } from './context.js';
import type { Reply } from '../../src/core/reply.js';

/**
 * Kill: the signal reaches the process; signal 0 only asks whether it still exists. A finished process answers
 * NotFound ("process already finished"), which containerd's stop path expects.
 */
export const killTask: Handler<'task.kill'> = (context, { containerId, execId, signal, reply }) =>
  rejecting(reply, () => {
    const { store, ports } = context;
    const container = store.container(containerId);
    const event = { type: 'KILL', at: ports.now(), signal } as const;
    if (execId === '') store.sendToContainer(container, event);
    else store.sendToExec(store.exec(containerId, execId), event);
    replyWhenDurable(context, container.getSnapshot().context.sandboxId, reply, undefined);
  });

function sendToContainer(
  context: SupervisorContext,
  containerId: string,
  event: ContainerEvent,
  reply: Reply<void>,
) {
  rejecting(reply, () => {
    const container = context.store.container(containerId);
    context.store.sendToContainer(container, event);
    replyWhenDurable(context, container.getSnapshot().context.sandboxId, reply, undefined);
  });
}

export const pauseTask: Handler<'task.pause'> = (context, { containerId, reply }) =>
  sendToContainer(context, containerId, { type: 'PAUSE' }, reply);

export const resumeTask: Handler<'task.resume'> = (context, { containerId, reply }) =>
  sendToContainer(context, containerId, { type: 'RESUME' }, reply);

/** A scripted exit: the process ends by itself with the script's status, at the time the script said. */
export const exitTask: Handler<'task.exit'> = (context, { containerId, startedAt, at, exitStatus, reply }) =>
  rejecting(reply, () => {
    const container = context.store.container(containerId);
    const { context: current } = container.getSnapshot();
    if (current.startedAt !== startedAt)
      throw new FailedPreconditionError(`task ${containerId} is not the run started at ${startedAt}`);
    context.store.sendToContainer(container, { type: 'EXIT', at, exitStatus });
    replyWhenDurable(context, current.sandboxId, reply, containerView(container));
  });
