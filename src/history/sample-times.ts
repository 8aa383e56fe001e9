/**
 * When each sampling pass was taken: the one clock every ring shares. Pass number `tick` (0, 1, 2, …) sits at
 * slot `tick % length`. A pass is begun, fills the rings, then ends: a reader sees only ended passes, and once a
 * pass has begun the oldest one is gone (the rings are overwriting its slot).
 */
export class SampleTimes {
  private readonly times: Float64Array;
  private begun = 0;
  private ended = 0;

  constructor(readonly length: number) {
    this.times = new Float64Array(length);
  }

  /** Starts pass `tick` at `at` (epoch ms). */
  begin(at: number): number {
    const tick = this.begun++;
    this.times[tick % this.length] = at;
    return tick;
  }

  end(tick: number): void {
    this.ended = tick + 1;
  }

  /** The newest tick ended; -1 before the first. */
  get newestTick(): number {
    return this.ended - 1;
  }

  /** The oldest tick still held. */
  get oldestTick(): number {
    return Math.max(0, this.begun - this.length);
  }

  timeOf(tick: number): number {
    return this.times[tick % this.length] ?? NaN;
  }

  /** The first tick held whose time is after `sinceMs` (newestTick + 1 when none is). */
  firstTickAfter(sinceMs: number): number {
    let tick = this.oldestTick;
    while (tick <= this.newestTick && this.timeOf(tick) <= sinceMs) tick++;
    return tick;
  }
}
