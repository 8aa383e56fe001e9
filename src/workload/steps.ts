/**
 * A list of (time, value) steps, each held until the next: the value by binary search, the integrals from sums
 * precomputed at every step start (for the cap given when compiling).
 */
import type { Curve } from './curve.js';
import type { StepsProfile } from './profile.js';

export function stepsCurve({ times, values }: StepsProfile, cap: number): Curve {
  const n = times.length;
  const integralAt = new Float64Array(n);
  const excessAt = new Float64Array(n);
  const overAt = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const span = (times[i] ?? 0) - (times[i - 1] ?? 0);
    const v = values[i - 1] ?? 0;
    integralAt[i] = (integralAt[i - 1] ?? 0) + v * span;
    excessAt[i] = (excessAt[i - 1] ?? 0) + Math.max(0, v - cap) * span;
    overAt[i] = (overAt[i - 1] ?? 0) + (v > cap ? span : 0);
  }
  /** The last step starting at or before t (the first step starts at 0). */
  const index = (t: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((times[mid] ?? 0) <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const since = (i: number, t: number): number => t - (times[i] ?? 0);
  return {
    at: (t) => values[index(t)] ?? 0,
    integral: (t) => {
      const i = index(t);
      return (integralAt[i] ?? 0) + (values[i] ?? 0) * since(i, t);
    },
    excess: (t) => {
      const i = index(t);
      return (excessAt[i] ?? 0) + Math.max(0, (values[i] ?? 0) - cap) * since(i, t);
    },
    timeOver: (t) => {
      const i = index(t);
      return (overAt[i] ?? 0) + ((values[i] ?? 0) > cap ? since(i, t) : 0);
    },
  };
}
