import { rejecting, replyWhenDurable, type Handler } from './context.js';

/** Update: the container's resources merge with the call's LinuxResources; its state is re-entered and written. */
export const updateTask: Handler<'task.update'> = (context, { containerId, update, reply }) =>
  rejecting(reply, () => {
    const container = context.store.container(containerId);
    const { resources, sandboxId } = container.getSnapshot().context;
    const next = context.ports.applyResourcesUpdate(resources, update);
    context.store.sendToContainer(container, { type: 'UPDATE', resources: next });
    replyWhenDurable(context, sandboxId, reply, undefined);
  });
