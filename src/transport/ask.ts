import type { Actor } from 'xstate';
import type { Reply } from '../../machines/reply.js';
import type { SupervisorEvent, SupervisorMachine } from '../../machines/supervisor.machine.js';

/** Sends a request event to the supervisor and returns its answer as a promise. */
export function ask<T>(
  supervisor: Actor<SupervisorMachine>,
  build: (reply: Reply<T>) => SupervisorEvent,
): Promise<T> {
  return new Promise<T>((resolve, reject) => supervisor.send(build({ resolve, reject })));
}
