/** Polls until a check answers; a timeout is an UnavailableError that says what was last seen. */
import { UnavailableError } from '../core/errors.js';

export async function waitUntil<T>(
  check: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs: number; intervalMs?: number; describe: () => string | Promise<string> },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new UnavailableError(
        `timed out after ${options.timeoutMs / 1000} s: ${await options.describe()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}

/** The last lines of a log, for an error that says why a component did not come up. */
export function logTail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
