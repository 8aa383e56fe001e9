import {
  AlreadyExistsError,
  FailedPreconditionError,
  ResourceExhaustedError,
  type SandboxerError,
} from '../../src/core/errors.js';
import { rejecting, replyWhenDurable, type Handler } from './context.js';
import { sandboxView } from './views.js';

/** Create: a new sandbox actor in `created` once the node admits it, answered once its files are durable. */
export const createSandbox: Handler<'sandbox.create'> = ({ store, ports }, { command, reply }) =>
  rejecting(reply, () => {
    const { sandboxId, record, resources } = command;
    const { sandboxes } = store.registries;
    if (sandboxes.has(sandboxId)) throw new AlreadyExistsError(`sandbox ${sandboxId} already exists`);
    if (sandboxes.size >= ports.maxSandboxes) {
      throw new ResourceExhaustedError(
        `${sandboxes.size} sandboxes exist; --max-sandboxes allows at most ${ports.maxSandboxes}`,
      );
    }
    ports.admitSandbox(command);
    const actor = store.spawnSandbox({ id: sandboxId, createdAt: ports.now(), record, resources });
    const created = sandboxView(actor);
    ports.whenDurable(sandboxId).then(
      () => reply.resolve(created),
      (error: SandboxerError) => {
        // Not durable means not created: forget it so a retry can succeed.
        if (sandboxes.get(sandboxId) === actor)
          store.drop(sandboxId, `sandbox ${sandboxId} was never durable`);
        reply.reject(error);
      },
    );
  });

/** Start: the sandbox takes a pid and becomes ready. */
export const startSandbox: Handler<'sandbox.start'> = (context, { sandboxId, reply }) =>
  rejecting(reply, () => {
    const actor = context.store.sandbox(sandboxId);
    context.store.startSandbox(actor, context.ports.now());
    replyWhenDurable(context, sandboxId, reply, sandboxView(actor));
  });

/** Stop: the sandbox (and, by the machine's cascade, its containers) stops; idempotent. */
export const stopSandbox: Handler<'sandbox.stop'> = (context, { sandboxId, reply }) =>
  rejecting(reply, () => {
    const actor = context.store.registries.sandboxes.get(sandboxId);
    // containerd tolerates NotFound on Stop; Kuasar answers success for unknown ids, and so do we.
    if (!actor) return reply.resolve(null);
    context.store.sendToSandbox(actor, { type: 'STOP', at: context.ports.now(), exitStatus: 0 });
    replyWhenDurable(context, sandboxId, reply, sandboxView(actor));
  });

/** A scripted death: the sandbox stops by itself with the script's status; Wait answers it, containers stop with it. */
export const exitSandbox: Handler<'sandbox.exit'> = (
  context,
  { sandboxId, startedAt, at, exitStatus, reply },
) =>
  rejecting(reply, () => {
    const actor = context.store.sandbox(sandboxId);
    if (actor.getSnapshot().context.startedAt !== startedAt)
      throw new FailedPreconditionError(`sandbox ${sandboxId} is not the run started at ${startedAt}`);
    if (!actor.getSnapshot().hasTag('ready'))
      throw new FailedPreconditionError(`sandbox ${sandboxId} is not running`);
    context.store.sendToSandbox(actor, { type: 'STOP', at, exitStatus });
    replyWhenDurable(context, sandboxId, reply, sandboxView(actor));
  });

/** Shutdown: the sandbox, its containers and its files go. */
export const shutdownSandbox: Handler<'sandbox.shutdown'> = (context, { sandboxId, reply }) =>
  rejecting(reply, () => {
    const actor = context.store.registries.sandboxes.get(sandboxId);
    // containerd ignores NotFound on Shutdown: deleting what is already gone succeeds.
    if (!actor) return reply.resolve();
    context.store.sendToSandbox(actor, { type: 'SHUTDOWN', at: context.ports.now() });
    replyWhenDurable(context, sandboxId, reply, undefined);
  });
