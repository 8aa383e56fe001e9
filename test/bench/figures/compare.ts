/** `ours / baseline` for the numbers every figure reports. */
import { ratio } from '../stats.js';
import type { MeasuredLoad } from '../workers.js';

export interface Ratios {
  callsPerSecond: number | null;
  p50: number | null;
  p99: number | null;
  p999: number | null;
  serverCpuPerCall: number | null;
}

export function ratios(ours: MeasuredLoad, base: MeasuredLoad): Ratios {
  return {
    callsPerSecond: ratio(ours.callsPerSecond, base.callsPerSecond),
    p50: ratio(ours.all.p50Us, base.all.p50Us),
    p99: ratio(ours.all.p99Us, base.all.p99Us),
    p999: ratio(ours.all.p999Us, base.all.p999Us),
    serverCpuPerCall: ratio(ours.serverCpuUsPerCall, base.serverCpuUsPerCall),
  };
}

export interface Comparison {
  concurrency: number;
  bare: MeasuredLoad;
  ours: MeasuredLoad;
  /** ours / bare */
  ratios: Ratios;
}
