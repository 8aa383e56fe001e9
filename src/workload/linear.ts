/** Linear growth, held at max: closed forms (the value never decreases, so it crosses the cap at most once). */
import type { Curve } from './curve.js';
import type { LinearProfile } from './profile.js';

export function linearCurve({ from, perSecond, max }: LinearProfile, cap: number): Curve {
  /** When the value reaches max (Infinity: never). */
  const full = perSecond > 0 && Number.isFinite(max) ? (max - from) / perSecond : Infinity;
  /** When the value goes above the cap (Infinity: never). */
  const cross = from > cap ? 0 : perSecond > 0 && max > cap ? (cap - from) / perSecond : Infinity;

  const at = (t: number): number => (t < full ? from + perSecond * t : max);
  const integral = (t: number): number => {
    const rising = Math.min(t, full);
    const area = from * rising + (perSecond * rising * rising) / 2;
    return t > full ? area + max * (t - full) : area;
  };
  return {
    at,
    integral,
    excess: (t) => (t > cross ? integral(t) - integral(cross) - cap * (t - cross) : 0),
    timeOver: (t) => Math.max(0, t - cross),
  };
}
