/**
 * A container's average usage over a span of its life, for cost (docs/planning.md): CPU and memory are integrated
 * from the same curves the samples read, in closed form (constant, linear, sine, square, steps; the random walk
 * step by step, exactly), so the averages are those of the model, not of a sampling. CPU is held at the limit as
 * the counter is; memory is capped at the limit (or the node's memory) as the sample is. A CEL rate has no closed
 * form: its curve integrates by trapezoids, asked here at most every WALK_PARTS-th of the span.
 */
import { CelCurve, MAX_PARTS, STEP_SECONDS } from './cel-curve.js';
import type { Curve } from './curve.js';
import { curveFor, type WorkloadInput } from './model.js';

export interface WindowUsage {
  /** Average cores over the span. */
  cpuCores: number;
  /** Average memory working set, bytes: usage less inactive file, 95 % of usage in the model (see below). */
  memoryWorkingSetBytes: number;
}

/**
 * The model's memory is 9/10 anonymous and the rest file cache of which half is inactive, so the working set
 * (usage − inactive file) is 19/20 of the usage; each sample floors its parts to whole bytes, which this average
 * does not (within a byte of the samples').
 */
const WORKING_SET_SHARE = 19 / 20;

/** A CEL curve is walked in at most this many steps of its own trapezoids over the span's whole length. */
const WALK_PARTS = 60;

const positive = (n: number | null): number | null => (n !== null && n > 0 ? n : null);

/** ∫₀ᵗ min(value, cap): the model's CPU counter, and its memory capped as the sample caps it. */
function heldIntegral(curve: Curve, t: number): number {
  return curve.integral(t) - curve.excess(t);
}

/**
 * A CEL curve integrates what lies between the times it is asked, in at most MAX_PARTS trapezoids per call: ask
 * it in steps up to `to`, so each trapezoid is at most max(STEP_SECONDS, to / (WALK_PARTS × MAX_PARTS)) wide.
 * Times must increase: it answers an earlier time with the sums it has.
 */
function walk(curve: Curve, from: number, to: number): void {
  if (!(curve instanceof CelCurve)) return;
  const step = Math.max(STEP_SECONDS * MAX_PARTS, to / WALK_PARTS);
  for (let t = from + step; t < to; t += step) curve.integral(t);
}

function average(curve: Curve, from: number, to: number): number {
  walk(curve, 0, from);
  const before = heldIntegral(curve, from);
  walk(curve, from, to);
  return (heldIntegral(curve, to) - before) / (to - from);
}

/**
 * Average usage between `fromMs` and `toMs` after the container started (0 ≤ from < to). Curves are built fresh,
 * so this never disturbs the samples the daemon serves.
 */
export function averageUsage(input: WorkloadInput, fromMs: number, toMs: number): WindowUsage {
  const from = Math.max(0, fromMs) / 1000;
  const to = toMs / 1000;
  if (!(to > from)) return { cpuCores: 0, memoryWorkingSetBytes: 0 };
  const cpuLimit = positive(input.cpuLimitCores) ?? Infinity;
  const memoryCap = positive(input.memoryLimitBytes) ?? input.nodeMemoryBytes;
  const cpu = curveFor('cpu', input, input.cpuRequestCores, cpuLimit);
  const memory = curveFor('memory', input, input.memoryRequestBytes, memoryCap);
  return {
    cpuCores: average(cpu, from, to),
    memoryWorkingSetBytes: average(memory, from, to) * WORKING_SET_SHARE,
  };
}
