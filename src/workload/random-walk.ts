/**
 * A seeded random walk: the value is held for `every` seconds, then moves by a uniform amount in [−step, step]
 * drawn from (seed key, step index), clamped to [min, max]. Clamping makes each value depend on the path, so
 * the curve caches the last step reached and the sums up to it: evaluating at increasing times costs O(1)
 * amortized (one step of work per `every` elapsed). Going back in time replays from step 0.
 */
import type { Curve } from './curve.js';
import { uniformAt } from './prng.js';
import type { RandomWalkProfile } from './profile.js';

export class RandomWalkCurve implements Curve {
  private step = 0;
  private value: number;
  /** Integral, excess and time above the cap from 0 to the start of `step`. */
  private integralSum = 0;
  private excessSum = 0;
  private overSum = 0;

  constructor(
    private readonly p: RandomWalkProfile,
    private readonly cap: number,
    private readonly key: number,
  ) {
    this.value = p.start;
  }

  /** Moves the cache to the step holding t and returns the time since that step started. */
  private seek(t: number): number {
    const every = this.p.every;
    const target = Math.floor(t / every);
    if (target < this.step) {
      this.step = 0;
      this.value = this.p.start;
      this.integralSum = this.excessSum = this.overSum = 0;
    }
    while (this.step < target) {
      const v = this.value;
      this.integralSum += v * every;
      if (v > this.cap) {
        this.excessSum += (v - this.cap) * every;
        this.overSum += every;
      }
      this.step++;
      const move = (2 * uniformAt(this.key, this.step) - 1) * this.p.step;
      this.value = Math.min(this.p.max, Math.max(this.p.min, v + move));
    }
    return t - target * every;
  }

  at(t: number): number {
    this.seek(t);
    return this.value;
  }

  integral(t: number): number {
    const partial = this.seek(t);
    return this.integralSum + this.value * partial;
  }

  excess(t: number): number {
    const partial = this.seek(t);
    return this.excessSum + Math.max(0, this.value - this.cap) * partial;
  }

  timeOver(t: number): number {
    const partial = this.seek(t);
    return this.overSum + (this.value > this.cap ? partial : 0);
  }
}
