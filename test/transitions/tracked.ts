/** A call whose answer is looked at later: whether it has arrived yet, without waiting for it. */
export interface Tracked<T> {
  readonly settled: boolean;
  /** Resolves with the answer, or rejects after `ms` naming `what` (a guard so a hung call fails, not stalls). */
  answer(ms: number, what: string): Promise<T>;
}

export function tracked<T>(promise: Promise<T>): Tracked<T> {
  let settled = false;
  const done = promise.finally(() => (settled = true));
  done.catch(() => {});
  return {
    get settled() {
      return settled;
    },
    answer: (ms, what) => within(done, ms, what),
  };
}

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
