/**
 * A CEL expression's rate as a curve. The value at t is the expression evaluated at t. The integrals (the CPU
 * counter, the excess over the cap, the time over the cap) have no closed form: they are integrated lazily, by
 * trapezoids between the times the curve is asked for, the rate taken as linear in between. A gap longer than
 * STEP_SECONDS is cut into equal parts of at most that length, at most MAX_PARTS of them (a first sample long after
 * the start, e.g. after a daemon restart, costs at most MAX_PARTS evaluations). An earlier time than the last one
 * integrated answers the last sums: the counter never goes back. A failed evaluation gives the fallback rate.
 */
import type { BoundRate } from './cel.js';
import type { Curve } from './curve.js';

export const STEP_SECONDS = 1;
export const MAX_PARTS = 120;

export class CelCurve implements Curve {
  /** The time integrated up to, and the rate there. */
  private last = 0;
  private lastRate: number;
  private integralSum = 0;
  private excessSum = 0;
  private overSum = 0;

  constructor(
    private readonly rate: BoundRate,
    private readonly cap: number,
    private readonly fallback: number,
  ) {
    this.lastRate = this.at(0);
  }

  at(t: number): number {
    return this.rate(t) ?? this.fallback;
  }

  /** Adds the segment from (t0, r0) to (t1, r1), the rate linear in between. */
  private segment(t0: number, r0: number, t1: number, r1: number): void {
    const dt = t1 - t0;
    const cap = this.cap;
    this.integralSum += ((r0 + r1) / 2) * dt;
    if (r0 <= cap && r1 <= cap) return;
    if (r0 >= cap && r1 >= cap) {
      this.excessSum += ((r0 + r1) / 2 - cap) * dt;
      this.overSum += dt;
      return;
    }
    // The rate crosses the cap at t0 + f·dt: the part above is a triangle.
    const f = (cap - r0) / (r1 - r0);
    const above = r0 > cap ? f * dt : (1 - f) * dt;
    this.excessSum += (above * (Math.max(r0, r1) - cap)) / 2;
    this.overSum += above;
  }

  private advance(t: number): void {
    if (!(t > this.last)) return;
    const from = this.last;
    const gap = t - from;
    const parts = Math.min(MAX_PARTS, Math.ceil(gap / STEP_SECONDS));
    let t0 = from;
    let r0 = this.lastRate;
    for (let i = 1; i <= parts; i++) {
      const t1 = i === parts ? t : from + (gap * i) / parts;
      const r1 = this.at(t1);
      this.segment(t0, r0, t1, r1);
      t0 = t1;
      r0 = r1;
    }
    this.last = t;
    this.lastRate = r0;
  }

  integral(t: number): number {
    this.advance(t);
    return this.integralSum;
  }

  excess(t: number): number {
    this.advance(t);
    return this.excessSum;
  }

  timeOver(t: number): number {
    this.advance(t);
    return this.overSum;
  }
}
