/**
 * Figure 8, Stats at scale (issue 17 item 8): the daemon holds N running sandboxes with one running container each
 * (filled as figures 4–6 fill them), and every container's task Stats is polled once per round, as containerd 2.3+
 * polls task metrics, with a bounded number of calls in flight over one connection. Against the bare grpc-js server
 * answering Stats with a fixed pre-encoded Metrics of the size our daemon answers. Then, at the smallest size, both
 * are polled once a second for a while: the daemon's CPU in that run is its share of a core for that poll rate.
 * The same again for every sandbox's Controller Metrics (containerd's CRI asks it for a pod's stats).
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeBundles } from '../bundles.js';
import { containerId, sandboxId } from '../load.js';
import { newRunDirs, type BenchContext } from '../runs.js';
import { startBare, startDaemonHost, type RunningServer } from '../servers.js';
import { round } from '../stats.js';
import { fillRunning, runLoad, type JobShape, type MeasuredLoad } from '../workers.js';
import { credentials } from '@grpc/grpc-js';
import { ControllerClient } from '../../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { controllerCalls } from '../../helpers/requests.js';
import { taskCalls, taskClient } from '../../helpers/tasks.js';
import { ratios, type Ratios } from './compare.js';
import { relayedRuns, type RelayedRun } from './stats-relayed.js';

export interface StatsRow {
  /** Live containers polled, one per running sandbox. */
  live: number;
  /** Measured rounds (every container once per round), after one unmeasured round. */
  rounds: number;
  concurrency: number;
  bare: MeasuredLoad;
  ours: MeasuredLoad;
  /** ours / bare */
  ratios: Ratios;
  /** Server CPU seconds (user + system) per 1,000 Stats calls. */
  cpuSecondsPer1000: { bare: number; ours: number };
}

export interface PacedRun {
  containers: number;
  rounds: number;
  intervalMs: number;
  bare: MeasuredLoad;
  ours: MeasuredLoad;
  /** Server CPU over the run / its wall time: the share of one core polling at this rate costs. */
  coreFraction: { bare: number; ours: number };
}

export interface StatsFigure {
  sync: string;
  fs: string;
  concurrency: number;
  /** Size of the cgroup v2 Metrics in a Stats answer (the Any's value); the bare server answers the same bytes. */
  metricsBytes: number;
  fillSeconds: Record<number, number>;
  rows: StatsRow[];
  paced: PacedRun | null;
  /** Size of the pod's Metrics in a Controller Metrics answer; the bare server answers the same bytes. */
  podMetricsBytes: number;
  /** As `rows` and `paced`, polling every sandbox's Controller Metrics instead. */
  metricsRows: StatsRow[];
  pacedMetrics: PacedRun | null;
  /** task Stats once a second through the task relay, at the paced run's size: many in flight, then one at a time. */
  relayed: RelayedRun[];
}

const PREFIX = 'stat';
const PACED_INTERVAL_MS = 1000;

type Poll = 'stats' | 'metrics';
const POLLS: readonly Poll[] = ['stats', 'metrics'];
export const POLL_NAMES: Record<Poll, string> = { stats: 'task Stats', metrics: 'Controller Metrics' };

interface Servers {
  bare: RunningServer;
  ours: RunningServer;
}

/** Rounds back to back against the bare server, then ours. */
async function steadyRow(
  servers: Servers,
  shape: JobShape,
  live: number,
  rounds: number,
  concurrency: number,
): Promise<StatsRow> {
  const bare = await runLoad(servers.bare, shape);
  const ours = await runLoad(servers.ours, shape);
  return {
    live,
    rounds,
    concurrency,
    bare,
    ours,
    ratios: ratios(ours, bare),
    cpuSecondsPer1000: { bare: perThousand(bare), ours: perThousand(ours) },
  };
}

/** One round a second, against the bare server, then ours: each server's CPU over the run is its share of a core. */
async function pacedRun(
  servers: Servers,
  shape: JobShape,
  containers: number,
  rounds: number,
): Promise<PacedRun> {
  const bare = await runLoad(servers.bare, shape);
  const ours = await runLoad(servers.ours, shape);
  return {
    containers,
    rounds,
    intervalMs: PACED_INTERVAL_MS,
    bare,
    ours,
    coreFraction: { bare: coreFraction(bare), ours: coreFraction(ours) },
  };
}

export async function statsFigure(ctx: BenchContext): Promise<StatsFigure> {
  const { config } = ctx;
  const sizes = [...new Set(config.statsSizes)].sort((a, b) => a - b);
  const concurrency = Math.max(1, config.statsConcurrency);
  const largest = sizes.at(-1) ?? 0;
  const bundles = path.join(ctx.diskWork, 'stats-bundles');
  ctx.say(`stats: writing ${largest} bundles…`);
  writeBundles(bundles, PREFIX, 0, largest, 1);
  const dirs = newRunDirs(ctx, config.scaleFs, `stats-${config.scaleSync}`);
  fs.mkdirSync(path.dirname(dirs.logFile), { recursive: true });
  const host = await startDaemonHost({
    ...dirs,
    sync: config.scaleSync,
    logLevel: config.logLevel,
    env: config.daemonEnv,
    maxSandboxes: largest + 100,
  });
  const figure: StatsFigure = {
    sync: config.scaleSync,
    fs: config.scaleFs,
    concurrency,
    metricsBytes: 0,
    fillSeconds: {},
    rows: [],
    paced: null,
    podMetricsBytes: 0,
    metricsRows: [],
    pacedMetrics: null,
    relayed: [],
  };
  const job = (poll: Poll, live: number, rounds: number, intervalMs: number, warmup: number): JobShape => ({
    kind: 'stats',
    prefix: PREFIX,
    containers: 1,
    bundles: null,
    from: 0,
    to: live,
    concurrency,
    warmup,
    rounds,
    intervalMs,
    poll,
  });
  let bare: RunningServer | null = null;
  try {
    let live = 0;
    for (const size of sizes) {
      ctx.say(`stats: filling to ${size} running sandboxes (1 container each)…`);
      figure.fillSeconds[size] = await fillRunning(host, {
        prefix: PREFIX,
        bundles,
        from: live,
        to: size,
        concurrency: config.fillConcurrency,
      });
      live = size;
      if (!bare) {
        // One bare server for every size (it keeps nothing per container), answering what our daemon answered.
        const metrics = await metricsOf(host);
        const podMetrics = await podMetricsOf(host);
        figure.metricsBytes = metrics.length;
        figure.podMetricsBytes = podMetrics.length;
        bare = await startBare(path.join(ctx.diskWork, 'sockets', 'bare-stats'), metrics, podMetrics);
      }
      const servers = { bare, ours: host };
      for (const poll of POLLS) {
        const rows = poll === 'stats' ? figure.rows : figure.metricsRows;
        const rounds = Math.max(1, Math.ceil(config.statsCalls / size));
        const steady = job(poll, size, rounds, 0, 1);
        ctx.say(`stats: ${rounds} rounds of ${POLL_NAMES[poll]} over ${size}, ${concurrency} in flight…`);
        rows.push(await steadyRow(servers, steady, size, rounds, concurrency));

        if (size === sizes[0] && config.statsPacedSeconds > 0) {
          // Both servers are warm from the run just before: no unmeasured round.
          const paced = job(poll, size, config.statsPacedSeconds, PACED_INTERVAL_MS, 0);
          ctx.say(`stats: ${POLL_NAMES[poll]} of ${size} once a second for ${config.statsPacedSeconds} s…`);
          const run = await pacedRun(servers, paced, size, config.statsPacedSeconds);
          if (poll === 'stats') figure.paced = run;
          else figure.pacedMetrics = run;
          if (poll === 'stats') {
            const relayedJob = (inFlight: number) => ({ ...paced, concurrency: inFlight });
            figure.relayed = await relayedRuns(ctx, host, relayedJob, [concurrency, 1]);
          }
        }
      }
    }
  } finally {
    await bare?.stop();
    await host.stop();
    fs.rmSync(dirs.dir, { recursive: true, force: true });
    fs.rmSync(bundles, { recursive: true, force: true });
  }
  return figure;
}

/** µs per call × 1,000 calls = seconds per 1,000 calls ÷ 1,000. */
const perThousand = (load: MeasuredLoad): number => round(load.serverCpuUsPerCall / 1000, 4);

/** serverCores is rounded to 2 digits; a share near 5% needs more. */
function coreFraction(load: MeasuredLoad): number {
  return round((load.serverCpuUsPerCall * load.calls) / 1e6 / load.seconds, 4);
}

/** The pod's cgroup v2 Metrics our daemon answers for the first sandbox, for the bare server's Controller Metrics. */
async function podMetricsOf(server: RunningServer): Promise<Uint8Array> {
  const client = new ControllerClient(`unix:${server.controllerSocket}`, credentials.createInsecure());
  try {
    const answer = await controllerCalls(client).metrics(sandboxId(PREFIX, 0));
    const data = answer.metrics?.data;
    if (!data) throw new Error('our daemon answered Controller Metrics without metrics');
    return data.value;
  } finally {
    client.close();
  }
}

/** The cgroup v2 Metrics our daemon answers for the first container, so the bare server can answer the same bytes. */
async function metricsOf(server: RunningServer): Promise<Uint8Array> {
  const client = taskClient(`grpc+${server.taskSocket}`);
  try {
    const answer = await taskCalls(client).stats(containerId(sandboxId(PREFIX, 0), 0));
    if (!answer.stats) throw new Error('our daemon answered Stats without metrics');
    return answer.stats.value;
  } finally {
    client.close();
  }
}
