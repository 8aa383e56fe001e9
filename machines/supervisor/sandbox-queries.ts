import { rejecting, replyWhenDurable, type Handler } from './context.js';
import { sandboxView, usageView } from './views.js';
import { exitOf, waitForExit } from './waiting.js';

/** Status (and Platform): the sandbox as it is, once what it entered is durable. */
export const sandboxStatus: Handler<'sandbox.status'> = (context, { sandboxId, reply }) =>
  rejecting(reply, () => {
    const actor = context.store.sandbox(sandboxId);
    replyWhenDurable(context, sandboxId, reply, sandboxView(actor));
  });

/** Wait: answered with the sandbox's exit, at once or when it stops. */
export const waitSandbox: Handler<'sandbox.wait'> = (context, { sandboxId, signal, reply }) =>
  rejecting(reply, () => {
    const { context: sandbox } = context.store.sandbox(sandboxId).getSnapshot();
    const { sandboxes } = context.store.registries;
    const register = (waiter: Parameters<typeof sandboxes.addWaiter>[1]) =>
      sandboxes.addWaiter(sandboxId, waiter);
    waitForExit(context, sandboxId, exitOf(sandbox), register, signal, reply);
  });

/** Metrics: the sandbox and the usage views of its containers, for the pod's aggregated sample. */
export const sandboxMetrics: Handler<'sandbox.metrics'> = ({ store }, { sandboxId, reply }) =>
  rejecting(reply, () => {
    const sandbox = store.sandbox(sandboxId);
    const { registries } = store;
    const containers = registries
      .containerIdsOf(sandboxId)
      .map((containerId) => usageView(registries, sandbox, store.container(containerId)));
    reply.resolve({ sandbox: sandboxView(sandbox), containers });
  });
