/** What ends a container's run: its script, its own memory limit, or its pod's memory limit. */
export type ExitCause = 'script' | 'oom' | 'pod-oom';

/** One container's scripted exit or OOM kill, due at `at` (ms since the epoch), for the run that started at `startedAt`. */
export interface DueExit {
  containerId: string;
  sandboxId: string;
  startedAt: number;
  at: number;
  exitStatus: number;
  /** An OOM kill (src/workload/oom.ts, src/workload/pod-oom.ts) is told to containerd before the exit is sent. */
  cause: ExitCause;
}

/**
 * Entries not yet due, earliest first: an array kept sorted by binary insertion. Adding is a memmove at worst,
 * taking what is due is a splice from the front, and the earliest is always at index 0.
 */
export class DueList<T extends { readonly at: number }> {
  private readonly entries: T[] = [];

  get size(): number {
    return this.entries.length;
  }

  get earliest(): T | undefined {
    return this.entries[0];
  }

  add(entry: T): void {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.entries[mid]?.at ?? 0) <= entry.at) low = mid + 1;
      else high = mid;
    }
    this.entries.splice(low, 0, entry);
  }

  /** Removes and returns every entry due at or before `now`, earliest first. */
  takeDue(now: number): T[] {
    let count = 0;
    while (count < this.entries.length && (this.entries[count]?.at ?? Infinity) <= now) count++;
    return this.entries.splice(0, count);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
