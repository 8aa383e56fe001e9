import type { Exit } from '../../src/core/exit.js';
import type { Reply } from '../../src/core/reply.js';
import { replyWhenDurable, type SupervisorContext } from './context.js';

/** The recorded exit of a process or sandbox, or null while it has not exited. */
export function exitOf(recorded: { exitStatus: number | null; exitedAt: number | null }): Exit | null {
  return recorded.exitedAt === null
    ? null
    : { exitStatus: recorded.exitStatus ?? 0, exitedAt: recorded.exitedAt };
}

/** Answers a Wait at once if the process already exited, else when it does (or when the caller goes away). */
export function waitForExit(
  context: SupervisorContext,
  sandboxId: string,
  exited: Exit | null,
  register: (waiter: Reply<Exit>) => () => void,
  signal: AbortSignal,
  reply: Reply<Exit>,
): void {
  if (exited) return replyWhenDurable(context, sandboxId, reply, exited);
  const onAbort = (): void => forget();
  const forget = register({
    resolve: (exit) => {
      signal.removeEventListener('abort', onAbort);
      replyWhenDurable(context, sandboxId, reply, exit);
    },
    reject: (error) => {
      signal.removeEventListener('abort', onAbort);
      reply.reject(error);
    },
  });
  signal.addEventListener('abort', onAbort, { once: true });
}
