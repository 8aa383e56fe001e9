/**
 * Figures 4–6 on one daemon host (our Daemon under --expose-gc): fill to each size with running sandboxes (one
 * container each), then measure memory after GC, probe per-call latency with a small lifecycle run, and at the
 * recovery sizes restart the daemon on the same directory and time it until the socket serves again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeBundles } from '../bundles.js';
import type { MemorySample } from '../daemon-host.js';
import type { HeapSummary } from '../heap-summary.js';
import { mainThreadProfile, summarizeProfile, type ProfileSummary } from '../profile-summary.js';
import { newRunDirs, type BenchContext } from '../runs.js';
import { startDaemonHost, type HostServer } from '../servers.js';
import { round, type LatencySummary } from '../stats.js';
import { fillRunning, runLoad, type JobShape } from '../workers.js';

export interface FlatRow {
  live: number;
  /** Status, the call that touches the most shared state without writing. */
  statusP50Us: number;
  allP50Us: number;
  allP99Us: number;
  methods: Record<string, LatencySummary>;
  callsPerSecond: number;
  /** p50 of all calls / p50 at the smallest size. */
  p50Ratio: number | null;
  statusP50Ratio: number | null;
}

export interface MemoryRow {
  live: number;
  when: 'after fill' | 'after recovery';
  sample: MemorySample;
  baseline: MemorySample;
  rssPerSandboxBytes: number;
  /** RSS once the daemon (and the baseline) sat idle until V8 gave back its unused heap. */
  idleRssPerSandboxBytes: number;
  heapPerSandboxBytes: number;
}

export interface RecoveryRow {
  sandboxes: number;
  /** Spawn → the socket answers, ms; the baseline is the same with an empty --dir. */
  serveMs: number;
  emptyServeMs: number;
  /** Daemon.start's own duration (recovery included). */
  startMs: number;
  ratio: number | null;
}

export interface RecoveryProfile {
  sandboxes: number;
  serveMs: number;
  keptAt: string;
  summary: ProfileSummary;
}

export interface ScaleFigures {
  sync: string;
  fs: string;
  fillSeconds: Record<number, number>;
  flat: FlatRow[];
  memory: MemoryRow[];
  recovery: RecoveryRow[];
  recoveryProfile?: RecoveryProfile;
  /** Where the memory of live sandboxes was allocated (sampling heap profiler, from empty to the first memory size). */
  heapProfile?: { live: number; summary: HeapSummary };
}

const FILL_PREFIX = 'live';
const PROBE_PREFIX = 'probe';

/** `keepIn`: where the recovery profile is kept (when BENCH_PROFILE_RECOVERY is on). */
export async function scaleFigures(ctx: BenchContext, keepIn: string): Promise<ScaleFigures> {
  const { config } = ctx;
  const sizes = [...new Set([...config.sizes, ...config.memorySizes, ...config.recoverySizes])].sort(
    (a, b) => a - b,
  );
  const largest = sizes.at(-1) ?? 0;
  const bundles = path.join(ctx.diskWork, 'live-bundles');
  ctx.say(`scale: writing ${largest} bundles…`);
  writeBundles(bundles, FILL_PREFIX, 0, largest, 1);
  const dirs = newRunDirs(ctx, config.scaleFs, `scale-${config.scaleSync}`);
  fs.mkdirSync(path.dirname(dirs.logFile), { recursive: true });
  const start = (nodeFlags: string[] = []) =>
    startDaemonHost({
      ...dirs,
      nodeFlags,
      sync: config.scaleSync,
      logLevel: config.logLevel,
      env: config.daemonEnv,
      maxSandboxes: largest + config.flatConcurrency + config.warmup + 100,
    });

  let host: HostServer = await start();
  const result: ScaleFigures = {
    sync: config.scaleSync,
    fs: config.scaleFs,
    fillSeconds: {},
    flat: [],
    memory: [],
    recovery: [],
  };
  try {
    const emptyServeMs = host.serveMs;
    const probe = (count: number, prefix: string, warmup: number): JobShape => ({
      kind: 'lifecycle',
      prefix,
      containers: 0,
      bundles: null,
      from: 0,
      to: count,
      concurrency: config.flatConcurrency,
      warmup,
    });
    // Warm the code paths once, so the baseline memory and the first probe are not paying for JIT and pools.
    await runLoad(host, probe(config.warmup, `${PROBE_PREFIX}0`, 0));
    const baseline = await host.memory(config.idleMemory);
    const heapProfileAt = config.profileRecovery ? config.memorySizes[0] : undefined;
    if (heapProfileAt !== undefined) await host.startHeapSampling();
    let live = 0;
    for (const size of sizes) {
      ctx.say(`scale: filling to ${size} running sandboxes (1 container each)…`);
      result.fillSeconds[size] = await fillRunning(host, {
        prefix: FILL_PREFIX,
        bundles,
        from: live,
        to: size,
        concurrency: config.fillConcurrency,
      });
      live = size;
      if (config.memorySizes.includes(size)) {
        result.memory.push(memoryRow(size, 'after fill', await host.memory(config.idleMemory), baseline));
      }
      if (size === heapProfileAt) result.heapProfile = { live: size, summary: await host.heapProfile() };
      if (config.sizes.includes(size)) {
        ctx.say(`scale: probing latency with ${size} live…`);
        const load = await runLoad(host, probe(config.flatProbes, `${PROBE_PREFIX}${size}`, 0));
        result.flat.push(flatRow(size, load, result.flat[0]));
      }
      if (config.recoverySizes.includes(size)) {
        ctx.say(`scale: restarting with ${size} persisted sandboxes…`);
        await host.stop();
        host = await start();
        result.recovery.push({
          sandboxes: size,
          serveMs: round(host.serveMs),
          emptyServeMs: round(emptyServeMs),
          startMs: round(host.startMs),
          ratio: round(host.serveMs / emptyServeMs, 2),
        });
        if (config.memorySizes.includes(size)) {
          result.memory.push(
            memoryRow(size, 'after recovery', await host.memory(config.idleMemory), baseline),
          );
        }
      }
    }
    if (config.profileRecovery && live > 0) {
      ctx.say(`scale: restarting with ${live} persisted sandboxes under --cpu-prof…`);
      await host.stop();
      const profileDir = path.join(ctx.diskWork, 'profile-recovery');
      host = await start(['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
      const { serveMs, startWindow } = host;
      await host.stop();
      const keptAt = path.join(keepIn, 'resource-slot-bench-recovery.cpuprofile');
      fs.copyFileSync(mainThreadProfile(profileDir), keptAt);
      result.recoveryProfile = {
        sandboxes: live,
        serveMs: round(serveMs),
        keptAt,
        summary: summarizeProfile(keptAt, { window: startWindow }),
      };
      host = await start();
    }
  } finally {
    await host.stop();
    ctx.say('scale: removing the state directory…');
    fs.rmSync(dirs.dir, { recursive: true, force: true });
    fs.rmSync(bundles, { recursive: true, force: true });
  }
  return result;
}

function memoryRow(
  live: number,
  when: MemoryRow['when'],
  sample: MemorySample,
  baseline: MemorySample,
): MemoryRow {
  return {
    live,
    when,
    sample,
    baseline,
    rssPerSandboxBytes: Math.round((sample.rss - baseline.rss) / live),
    idleRssPerSandboxBytes: Math.round((sample.idleRss - baseline.idleRss) / live),
    heapPerSandboxBytes: Math.round((sample.heapUsed - baseline.heapUsed) / live),
  };
}

function flatRow(
  live: number,
  load: Awaited<ReturnType<typeof runLoad>>,
  first: FlatRow | undefined,
): FlatRow {
  const statusP50Us = load.methods['Status']?.p50Us ?? 0;
  return {
    live,
    statusP50Us,
    allP50Us: load.all.p50Us,
    allP99Us: load.all.p99Us,
    methods: load.methods,
    callsPerSecond: load.callsPerSecond,
    p50Ratio: first ? round(load.all.p50Us / first.allP50Us, 2) : 1,
    statusP50Ratio: first ? round(statusP50Us / first.statusP50Us, 2) : 1,
  };
}
