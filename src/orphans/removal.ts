import type { Actor } from 'xstate';
import type { SupervisorMachine } from '../../machines/supervisor.machine.js';
import { ask } from '../transport/ask.js';

/**
 * Removes one sandbox as containerd would: Stop (its Wait callers are answered, its containers stop), then
 * Shutdown (its containers, files and actor go). Both are the supervisor's ordinary requests, so the removal is
 * durable when this resolves, and a sandbox that is already gone is not an error.
 */
export async function stopAndShutdown(
  supervisor: Actor<SupervisorMachine>,
  sandboxId: string,
): Promise<void> {
  await ask(supervisor, 'sandbox.stop', { sandboxId });
  await ask(supervisor, 'sandbox.shutdown', { sandboxId });
}

/**
 * Runs `work` for every item, at most `limit` at a time: removals wait for the disk, and running a few together
 * lets one group commit carry them. Resolves when all are done; `work` must not reject.
 */
export async function eachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
