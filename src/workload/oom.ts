/**
 * When a container is OOM-killed: the first time its simulated memory demand goes above its memory limit. Pure: a
 * function of the same inputs as its workload (docs/workload.md, "OOM kills").
 *
 * The memory profile is compiled with the limit as its cap, so `timeOver(t)` (how long within [0, t] the demand was
 * above the limit) is monotone and positive exactly after the first crossing. The crossing is found without
 * sampling every second: probes at 1 ms, 2 ms, 4 ms, … (increasing times, cheap for the random walk's cache) until
 * one is past it, then bisection between the last two probes down to OOM_PRECISION_MS. A CEL rate has no closed
 * form and its integrals only go forward, so it is scanned at its own integration step (one evaluation per second)
 * and the crossing placed within that second by the straight line the integration assumes.
 */
import { CelCurve, STEP_SECONDS } from './cel-curve.js';
import { curveFor, type WorkloadInput } from './model.js';

/** How far ahead a crossing is looked for: a container whose demand stays under its limit this long is never killed. */
export const OOM_HORIZON_MS = 7 * 24 * 3600 * 1000;
/** A CEL rate is scanned over this shorter horizon (one evaluation per second of it). */
export const OOM_CEL_HORIZON_MS = 3600 * 1000;
/** The answer is the crossing rounded down to a whole millisecond: the demand is above the limit within the next. */
export const OOM_PRECISION_MS = 1;

/**
 * Milliseconds after the container's start at which its memory demand first goes above its memory limit, rounded
 * down to OOM_PRECISION_MS; 0 when it starts above it; null without a (positive) memory limit or when no crossing
 * comes within the horizon. Throws InvalidArgumentError for bad annotations, as workloadFor.
 */
export function oomAfterMs(input: WorkloadInput): number | null {
  const limit = input.memoryLimitBytes;
  if (limit === null || !(limit > 0)) return null;
  const curve = curveFor('memory', input, input.memoryRequestBytes, limit);
  if (curve.at(0) > limit) return 0;
  if (curve instanceof CelCurve) return celCrossing(curve, limit);
  const over = (ms: number): boolean => curve.timeOver(ms / 1000) > 0;
  let low = 0;
  let high = OOM_PRECISION_MS;
  while (!over(high)) {
    if (high >= OOM_HORIZON_MS) return null;
    low = high;
    high = Math.min(high * 2, OOM_HORIZON_MS);
  }
  // over(high) and not over(low): the crossing t* is in [low, high).
  while (high - low > OOM_PRECISION_MS) {
    const mid = Math.floor((low + high) / 2);
    if (over(mid)) high = mid;
    else low = mid;
  }
  return low;
}

function celCrossing(curve: CelCurve, limit: number): number | null {
  const stepMs = STEP_SECONDS * 1000;
  let r0 = curve.at(0);
  for (let t0 = 0; t0 < OOM_CEL_HORIZON_MS; t0 += stepMs) {
    const r1 = curve.at((t0 + stepMs) / 1000);
    if (r1 > limit) {
      const fraction = r0 === r1 ? 0 : (limit - r0) / (r1 - r0);
      return t0 + Math.floor((fraction * stepMs) / OOM_PRECISION_MS) * OOM_PRECISION_MS;
    }
    r0 = r1;
  }
  return null;
}
