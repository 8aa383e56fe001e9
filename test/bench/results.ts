/** The shape of results.json, and the targets of issue 10 checked against it (reported, never asserted). */
import type { BenchConfig, MachineInfo } from './config.js';
import type { Comparison } from './figures/compare.js';
import type { FixedCostFigure } from './figures/fixed-cost.js';
import type { InspectionFigure } from './figures/inspection.js';
import type { ProfileRun } from './figures/profile.js';
import type { ScaleFigures } from './figures/scale.js';
import type { ContainerdFigure } from './figures/containerd.js';
import type { KubeletFigure } from './figures/kubelet.js';
import type { StatsFigure } from './figures/stats.js';
import type { DurabilityRow } from './figures/throughput.js';
import type { WaitersFigure } from './figures/waiters.js';
import { fixedCostTargets } from './fixed-cost-report.js';
import { round } from './stats.js';

/** Every figure carries the core count of the machine it was measured on. */
export type WithCores<T> = { cores: number } & T;

export interface BenchResults {
  date: string;
  /** The commit measured (`-dirty` when the tree had changes besides the benchmark's own output). */
  commit: string;
  machine: MachineInfo;
  /** 1-, 5- and 15-minute load averages when the run started and ended: other work on the machine shows here. */
  loadAverage: { start: number[]; end: number[] };
  note: string;
  durationSeconds: number;
  config: BenchConfig;
  fixed?: WithCores<FixedCostFigure>;
  lifecycle?: WithCores<{ rows: Comparison[] }>;
  containers?: WithCores<{ containersPerSandbox: number; rows: Comparison[] }>;
  durability?: WithCores<{ rows: DurabilityRow[] }>;
  inspection?: WithCores<{ figure: InspectionFigure | { skipped: string } }>;
  scale?: WithCores<ScaleFigures>;
  waiters?: WithCores<WaitersFigure>;
  stats?: WithCores<StatsFigure>;
  containerd?: WithCores<ContainerdFigure>;
  kubelet?: WithCores<KubeletFigure>;
  profile?: WithCores<{ runs: ProfileRun[] }>;
  targets: TargetCheck[];
}

export interface TargetCheck {
  target: string;
  measured: string;
  /** null when the figure it needs was not run */
  met: boolean | null;
}

const KIB = 1024;

export function checkTargets(results: Omit<BenchResults, 'targets'>): TargetCheck[] {
  const checks: TargetCheck[] = [...fixedCostTargets(results.fixed)];
  const top = (rows: { concurrency: number }[]) => Math.max(...rows.map((row) => row.concurrency));
  const durability = results.durability?.rows ?? [];
  const none = durability.filter((row) => row.sync === 'none' && row.fs === 'disk');
  const noneTop = none.find((row) => row.concurrency === top(none));
  checks.push({
    target: `calls/s at ${noneTop?.concurrency ?? 64} workers with --sync none ≥ 0.8 × bare`,
    measured: noneTop ? `${noneTop.ratios.callsPerSecond} × bare (disk)` : 'not measured',
    met: noneTop ? (noneTop.ratios.callsPerSecond ?? 0) >= 0.8 : null,
  });
  const lifecycle = results.lifecycle?.rows ?? [];
  const lifecycleTop = lifecycle.find((row) => row.concurrency === top(lifecycle));
  checks.push({
    target: `calls/s at ${lifecycleTop?.concurrency ?? 64} workers with the default (--sync batch) on disk ≥ 0.6 × bare`,
    measured: lifecycleTop ? `${lifecycleTop.ratios.callsPerSecond} × bare` : 'not measured',
    met: lifecycleTop ? (lifecycleTop.ratios.callsPerSecond ?? 0) >= 0.6 : null,
  });
  checks.push({
    target: `p99 at ${lifecycleTop?.concurrency ?? 64} workers ≤ 2 × bare's p99`,
    measured: lifecycleTop
      ? `${lifecycleTop.ratios.p99} × bare (${ms(lifecycleTop.ours.all.p99Us)} vs ${ms(lifecycleTop.bare.all.p99Us)} ms)`
      : 'not measured',
    met: lifecycleTop ? (lifecycleTop.ratios.p99 ?? Infinity) <= 2 : null,
  });
  const memory = (results.scale?.memory ?? []).filter((row) => row.when === 'after fill');
  const memoryTop = memory.at(-1);
  checks.push({
    target: `≤ 6 KiB per live sandbox with one container at ${memoryTop?.live ?? 100_000} (heap, and RSS once idle)`,
    measured: memoryTop
      ? `heap ${round(memoryTop.heapPerSandboxBytes / KIB, 2)} KiB, RSS once idle ` +
        `${round(memoryTop.idleRssPerSandboxBytes / KIB, 2)} KiB (${round(memoryTop.rssPerSandboxBytes / KIB, 2)} KiB right after the fill)`
      : 'not measured',
    met: memoryTop
      ? Math.max(memoryTop.idleRssPerSandboxBytes, memoryTop.heapPerSandboxBytes) <= 6 * KIB
      : null,
  });
  const recoveryTop = results.scale?.recovery.at(-1);
  checks.push({
    target: `recovery of ${recoveryTop?.sandboxes ?? 100_000} sandboxes ≤ 10 s`,
    measured: recoveryTop
      ? `${round(recoveryTop.serveMs / 1000, 2)} s until the socket serves`
      : 'not measured',
    met: recoveryTop ? recoveryTop.serveMs <= 10_000 : null,
  });
  const flat = results.scale?.flat ?? [];
  const flatFirst = flat[0];
  const flatLast = flat.at(-1);
  const flatMeasured = flatFirst && flatLast && flat.length > 1;
  // A per-call target holds for every call: the p50 of all calls together can hide one method that grows.
  const methodRatios = flatMeasured
    ? Object.entries(flatLast.methods).map(([method, summary]) => {
        const first = flatFirst.methods[method]?.p50Us ?? 0;
        return { method, ratio: first > 0 ? round(summary.p50Us / first, 2) : Infinity };
      })
    : [];
  const worst = methodRatios.sort((a, b) => b.ratio - a.ratio)[0];
  checks.push({
    target: `p50 at ${flatLast?.live ?? 100_000} live sandboxes within 1.5 × the p50 at ${flatFirst?.live ?? 1000}`,
    measured: flatMeasured
      ? `${flatLast.p50Ratio} × (all calls)` +
        (worst ? `, worst method ${worst.method} ${worst.ratio} ×` : '')
      : 'not measured',
    met: flatMeasured ? Math.max(flatLast.p50Ratio ?? Infinity, worst?.ratio ?? 0) <= 1.5 : null,
  });
  checks.push(statsTarget(results.stats));
  return checks;
}

/** The daemon's share of one core when polling 1,000 containers once a second, as issue 17 states its target. */
export const STATS_TARGET_CONTAINERS = 1_000;
export const STATS_TARGET_CORE_FRACTION = 0.05;

/**
 * The daemon's share of one core when polling 1,000 containers once a second: measured when the paced run polled
 * 1,000; otherwise estimated from the CPU per call of the smallest size (the idle cost of the daemon not included).
 */
export function oneSecondPoll(
  figure: StatsFigure,
): { fraction: number; how: 'measured' | 'estimated'; at: number } | null {
  const { paced } = figure;
  if (paced && paced.containers === STATS_TARGET_CONTAINERS)
    return { fraction: paced.coreFraction.ours, how: 'measured', at: paced.containers };
  const first = figure.rows[0];
  if (!first) return null;
  return {
    fraction: round((first.ours.serverCpuUsPerCall * STATS_TARGET_CONTAINERS) / 1e6, 4),
    how: 'estimated',
    at: first.live,
  };
}

/** Issue 17 item 8: containerd 2.3+ polls every container's Stats once a second; that must stay cheap. */
export function statsTarget(stats: StatsFigure | undefined): TargetCheck {
  const poll = stats ? oneSecondPoll(stats) : null;
  const percent = (fraction: number) => `${round(fraction * 100, 2)}%`;
  return {
    target:
      `polling ${STATS_TARGET_CONTAINERS} containers' task Stats once a second ≤ ` +
      `${percent(STATS_TARGET_CORE_FRACTION)} of one core (daemon CPU)`,
    measured: !poll
      ? 'not measured'
      : poll.how === 'measured'
        ? `${percent(poll.fraction)} of a core, measured over ${stats?.paced?.rounds} s`
        : `${percent(poll.fraction)} of a core, estimated from the CPU per call at ${poll.at} containers`,
    met: poll ? poll.fraction <= STATS_TARGET_CORE_FRACTION : null,
  };
}

/** µs → ms with two decimals. */
export const ms = (micros: number): string => (micros / 1000).toFixed(2);
