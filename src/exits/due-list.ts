/** One container's scripted exit or OOM kill, due at `at` (ms since the epoch), for the run that started at `startedAt`. */
export interface DueExit {
  containerId: string;
  sandboxId: string;
  startedAt: number;
  at: number;
  exitStatus: number;
  /** An OOM kill (src/workload/oom.ts), not a scripted exit: containerd is told before the exit is sent. */
  oom: boolean;
}

/**
 * The scripted exits not yet due, earliest first: an array kept sorted by binary insertion. Arming is a memmove at
 * worst, taking what is due is a splice from the front, and the earliest is always at index 0.
 */
export class DueList {
  private readonly entries: DueExit[] = [];

  get size(): number {
    return this.entries.length;
  }

  get earliest(): DueExit | undefined {
    return this.entries[0];
  }

  add(exit: DueExit): void {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.entries[mid]?.at ?? 0) <= exit.at) low = mid + 1;
      else high = mid;
    }
    this.entries.splice(low, 0, exit);
  }

  /** Removes and returns every exit due at or before `now`, earliest first. */
  takeDue(now: number): DueExit[] {
    let count = 0;
    while (count < this.entries.length && (this.entries[count]?.at ?? Infinity) <= now) count++;
    return this.entries.splice(0, count);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
