import type { SandboxerError } from '../../src/core/errors.js';
import type { Reply } from '../../src/core/reply.js';
import type { ActorStore } from './actor-store.js';
import type { SupervisorPorts } from './ports.js';
import type { RequestOf, RequestType } from './requests.js';

/** What every request handler works with: the actors (only through the store) and the rest of the daemon. */
export interface SupervisorContext {
  store: ActorStore;
  ports: SupervisorPorts;
}

/** One handler per request type; it answers through the request's `reply`, exactly once. */
export type Handler<K extends RequestType> = (context: SupervisorContext, request: RequestOf<K>) => void;

/** Answers once the sandbox's files are durable, so an acknowledged transition survives a crash. */
export function replyWhenDurable<T>(
  context: SupervisorContext,
  sandboxId: string,
  reply: Reply<T>,
  value: T,
): void {
  context.ports.whenDurable(sandboxId).then(
    () => reply.resolve(value),
    (error: SandboxerError) => reply.reject(error),
  );
}

/** Runs a handler's work; what it throws (a refusal, a lookup that failed) becomes the answer. */
export function rejecting<T>(reply: Reply<T>, work: () => void): void {
  try {
    work();
  } catch (error) {
    reply.reject(error as SandboxerError);
  }
}
