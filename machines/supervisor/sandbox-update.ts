import { rejecting, replyWhenDurable, type Handler } from './context.js';
import { sandboxView } from './views.js';

/** Update: the sandbox's record changes as the request's field paths say; its state is re-entered and written. */
export const updateSandbox: Handler<'sandbox.update'> = (context, { sandboxId, update, reply }) =>
  rejecting(reply, () => {
    const actor = context.store.sandbox(sandboxId);
    const next = context.ports.applySandboxUpdate(actor.getSnapshot().context, update);
    context.store.sendToSandbox(actor, { type: 'UPDATE', ...next });
    replyWhenDurable(context, sandboxId, reply, sandboxView(actor));
  });
