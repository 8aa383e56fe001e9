import type { Pending } from './rpc.js';

/** A long-lived call (Wait) whose progress is looked at without waiting for it. */
export interface Watched<T> {
  readonly settled: boolean;
  /** The answer, or the error it ended with; `null` if nothing came within `ms` (the call is then cancelled). */
  within(ms: number): Promise<{ answer: T } | { error: unknown } | null>;
  cancel(): void;
}

export function watch<T>(pending: Pending<T>): Watched<T> {
  let settled = false;
  const outcome = pending.answer.then(
    (answer) => ((settled = true), { answer }),
    (error: unknown) => ((settled = true), { error }),
  );
  return {
    get settled() {
      return settled;
    },
    async within(ms) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
      const first = await Promise.race([outcome, timeout]);
      clearTimeout(timer);
      if (first === null) pending.cancel();
      return first;
    },
    cancel: () => pending.cancel(),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
