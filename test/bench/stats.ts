/** Latency samples per method and their summary (microseconds). */

export interface LatencySummary {
  count: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

export class LatencyRecorder {
  private readonly samples = new Map<string, number[]>();

  record(method: string, micros: number): void {
    let list = this.samples.get(method);
    if (!list) this.samples.set(method, (list = []));
    list.push(micros);
  }

  summaries(): { methods: Record<string, LatencySummary>; all: LatencySummary } {
    const methods: Record<string, LatencySummary> = {};
    const all: number[] = [];
    for (const [method, list] of this.samples) {
      methods[method] = summarize(list);
      for (const value of list) all.push(value);
    }
    return { methods, all: summarize(all) };
  }
}

export function summarize(values: number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    meanUs: sorted.length ? round(sum / sorted.length) : 0,
    p50Us: percentile(sorted, 0.5),
    p99Us: percentile(sorted, 0.99),
    p999Us: percentile(sorted, 0.999),
    maxUs: sorted.length ? round(sorted[sorted.length - 1] ?? 0) : 0,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return round(sorted[rank] ?? 0);
}

export const round = (value: number, digits = 1): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** ours / bare, or null when there is no baseline to divide by. */
export const ratio = (ours: number, base: number): number | null => (base > 0 ? round(ours / base, 3) : null);
