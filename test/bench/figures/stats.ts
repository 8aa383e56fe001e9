/**
 * Figure 8, Stats at scale (issue 17 item 8): the daemon holds N running sandboxes with one running container each
 * (filled as figures 4–6 fill them), and every container's task Stats is polled once per round, as containerd 2.3+
 * polls task metrics, with a bounded number of calls in flight over one connection. Against the bare grpc-js server
 * answering Stats with a fixed pre-encoded Metrics of the size our daemon answers. Then, at the smallest size, both
 * are polled once a second for a while: the daemon's CPU in that run is its share of a core for that poll rate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeBundles } from '../bundles.js';
import { containerId, sandboxId } from '../load.js';
import { newRunDirs, type BenchContext } from '../runs.js';
import { startBare, startDaemonHost, type RunningServer } from '../servers.js';
import { round } from '../stats.js';
import { fillRunning, runLoad, type JobShape, type MeasuredLoad } from '../workers.js';
import { taskCalls, taskClient } from '../../helpers/tasks.js';
import { ratios, type Ratios } from './compare.js';

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
}

const PREFIX = 'stat';
const PACED_INTERVAL_MS = 1000;

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
  };
  const job = (live: number, rounds: number, intervalMs: number, warmup: number): JobShape => ({
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
        figure.metricsBytes = metrics.length;
        bare = await startBare(path.join(ctx.diskWork, 'sockets', 'bare-stats'), metrics);
      }

      const rounds = Math.max(1, Math.ceil(config.statsCalls / size));
      const steady = job(size, rounds, 0, 1);
      ctx.say(`stats: ${rounds} rounds over ${size} containers, ${concurrency} in flight: bare…`);
      const bareLoad = await runLoad(bare, steady);
      ctx.say('stats: … ours…');
      const ours = await runLoad(host, steady);
      figure.rows.push({
        live: size,
        rounds,
        concurrency,
        bare: bareLoad,
        ours,
        ratios: ratios(ours, bareLoad),
        cpuSecondsPer1000: { bare: perThousand(bareLoad), ours: perThousand(ours) },
      });

      if (size === sizes[0] && config.statsPacedSeconds > 0) {
        // Both servers are warm from the run just before: no unmeasured round.
        const paced = job(size, config.statsPacedSeconds, PACED_INTERVAL_MS, 0);
        ctx.say(`stats: ${size} containers polled once a second for ${config.statsPacedSeconds} s: bare…`);
        const pacedBare = await runLoad(bare, paced);
        ctx.say('stats: … ours…');
        const pacedOurs = await runLoad(host, paced);
        figure.paced = {
          containers: size,
          rounds: config.statsPacedSeconds,
          intervalMs: PACED_INTERVAL_MS,
          bare: pacedBare,
          ours: pacedOurs,
          coreFraction: { bare: coreFraction(pacedBare), ours: coreFraction(pacedOurs) },
        };
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
