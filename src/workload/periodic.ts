/**
 * Sine and square waves between min and max: closed forms for the integral, the excess over the cap and the time
 * above it. Both are shifted by the phase: the value at t is the wave's value at u = t + phase, and each integral
 * from 0 to t is F(t + phase) − F(phase) for a cumulative F from u = 0.
 */
import type { Curve } from './curve.js';
import type { PeriodicProfile } from './profile.js';

const TAU = 2 * Math.PI;

/** ∫₀ᵘ of a square wave that is `high` for the first half of each period and `low` for the second. */
function squareArea(u: number, period: number, high: number, low: number): number {
  const n = Math.floor(u / period);
  const r = u - n * period;
  const half = period / 2;
  const partial = r < half ? high * r : high * half + low * (r - half);
  return n * half * (high + low) + partial;
}

function squareCurve({ min, max, period, phase }: PeriodicProfile, cap: number): Curve {
  const area = (high: number, low: number) => (t: number) =>
    squareArea(t + phase, period, high, low) - squareArea(phase, period, high, low);
  return {
    at: (t) => ((t + phase) / period - Math.floor((t + phase) / period) < 0.5 ? max : min),
    integral: area(max, min),
    excess: area(Math.max(0, max - cap), Math.max(0, min - cap)),
    timeOver: area(max > cap ? 1 : 0, min > cap ? 1 : 0),
  };
}

function sineCurve({ min, max, period, phase }: PeriodicProfile, cap: number): Curve {
  const mid = (min + max) / 2;
  const amp = (max - min) / 2;
  const w = TAU / period;
  const integral = (t: number): number =>
    mid * t + (amp / w) * (Math.cos(w * phase) - Math.cos(w * (t + phase)));
  if (cap >= max) return { at: sineAt, integral, excess: () => 0, timeOver: () => 0 };
  if (cap <= min) return { at: sineAt, integral, excess: (t) => integral(t) - cap * t, timeOver: (t) => t };
  // Above the cap while sin θ > (cap − mid) / amp = sin α: θ in (α, π − α) modulo 2π.
  const alpha = Math.asin((cap - mid) / amp);
  const width = Math.PI - 2 * alpha;
  const cosAlpha = Math.cos(alpha);
  const full = (mid - cap) * width + 2 * amp * cosAlpha;
  /** Cumulative excess (×w) and time above (×w) up to angle θ, counted from α. */
  const excessAngle = (theta: number): number => {
    const n = Math.floor((theta - alpha) / TAU);
    const x = theta - alpha - n * TAU;
    const partial = x < width ? (mid - cap) * x + amp * (cosAlpha - Math.cos(alpha + x)) : full;
    return n * full + partial;
  };
  const overAngle = (theta: number): number => {
    const n = Math.floor((theta - alpha) / TAU);
    return n * width + Math.min(theta - alpha - n * TAU, width);
  };
  return {
    at: sineAt,
    integral,
    excess: (t) => (excessAngle(w * (t + phase)) - excessAngle(w * phase)) / w,
    timeOver: (t) => (overAngle(w * (t + phase)) - overAngle(w * phase)) / w,
  };

  function sineAt(t: number): number {
    return mid + amp * Math.sin(w * (t + phase));
  }
}

export function periodicCurve(profile: PeriodicProfile, cap: number): Curve {
  return profile.kind === 'sine' ? sineCurve(profile, cap) : squareCurve(profile, cap);
}
