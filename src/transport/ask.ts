import type { Actor } from 'xstate';
import type {
  AnswerOf,
  RequestOf,
  RequestType,
  SupervisorEvent,
  SupervisorMachine,
} from '../../machines/supervisor.machine.js';

/** A request without its `type` and `reply`: what the caller fills in. */
export type RequestBody<K extends RequestType> = Omit<RequestOf<K>, 'type' | 'reply'>;

/**
 * Sends a request to the supervisor and returns its answer, typed by the request: a caller cannot expect another
 * answer than the handler gives.
 */
export function ask<K extends RequestType>(
  supervisor: Actor<SupervisorMachine>,
  type: K,
  body: RequestBody<K>,
): Promise<AnswerOf<K>> {
  return new Promise<AnswerOf<K>>((resolve, reject) => {
    // TypeScript cannot see that a body of K with type K and a reply of K's answer is the request of K.
    const request = { ...body, type, reply: { resolve, reject } } as unknown as SupervisorEvent;
    supervisor.send(request);
  });
}
