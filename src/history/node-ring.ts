/** The node's totals at one pass: what its pods use and what the holding ones have allocated. */
export interface NodeTotals {
  cpuUsedMillicores: number;
  memoryUsedBytes: number;
  cpuRequestsMillis: number;
  cpuLimitsMillis: number;
  memoryRequestsBytes: number;
  memoryLimitsBytes: number;
  /** Pods holding resources (created or running). */
  pods: number;
}

export const NODE_SERIES = [
  'cpuUsedMillicores',
  'memoryUsedBytes',
  'cpuRequestsMillis',
  'cpuLimitsMillis',
  'memoryRequestsBytes',
  'memoryLimitsBytes',
  'pods',
] as const satisfies ReadonlyArray<keyof NodeTotals>;

export type NodeSeries = Record<keyof NodeTotals, number[]>;

/** The node's totals at every pass held, one Float64Array for all its series (series after series). */
export class NodeRing {
  private readonly values: Float64Array;

  constructor(readonly length: number) {
    this.values = new Float64Array(length * NODE_SERIES.length);
  }

  record(tick: number, totals: NodeTotals): void {
    const slot = tick % this.length;
    NODE_SERIES.forEach((name, series) => (this.values[series * this.length + slot] = totals[name]));
  }

  /** Every series from tick `from` to `to`, both held. */
  read(from: number, to: number): NodeSeries {
    const series = Object.fromEntries(NODE_SERIES.map((name) => [name, [] as number[]])) as NodeSeries;
    for (let tick = from; tick <= to; tick++) {
      const slot = tick % this.length;
      NODE_SERIES.forEach((name, index) => series[name].push(this.values[index * this.length + slot] ?? 0));
    }
    return series;
  }
}
