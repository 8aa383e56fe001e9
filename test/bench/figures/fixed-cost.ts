/**
 * Fixed cost per node (issue 21 item 4): what one idle ResourceSlot costs before it holds a single sandbox. Each run
 * starts, on an empty --dir: the daemon alone (--task-relay off) and the task relay alone in front of it, timed from
 * spawn until they answer a call; then the daemon as the systemd unit starts it (--task-relay on, so its start
 * includes the relay's), left idle, and the memory of both processes read from /proc. Medians over the runs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RELAY_INFO_FILE } from '../../../src/relay/files.js';
import { readRelayInfo } from '../../../src/relay/info-file.js';
import { processMemory, type ProcessMemory } from '../process-memory.js';
import { startRelayBinary } from '../relay-server.js';
import { newRunDirs, type BenchContext } from '../runs.js';
import { startDaemonBinary, type RunningServer } from '../servers.js';
import { round } from '../stats.js';

export interface FixedCostRun {
  /** The daemon alone (--task-relay off): spawn → the Controller socket answers, ms. */
  daemonServeMs: number;
  /** The relay alone, in front of a running daemon: spawn → a task call through it is answered, ms. */
  relayServeMs: number;
  /** The daemon with --task-relay on (the unit's setup), which starts the relay before it serves, ms. */
  withRelayServeMs: number;
  /** Memory of the daemon and of its relay after idleSeconds of idleness (--task-relay on). */
  daemon: ProcessMemory;
  relay: ProcessMemory;
}

export interface FixedCostFigure {
  /** The commit the bins ran (`+dirty` with uncommitted changes). */
  commit: string;
  /** What the bins ran: the compiled bundles or the TypeScript sources through tsx. */
  build: string;
  idleSeconds: number;
  runs: FixedCostRun[];
  median: FixedCostRun;
}

export async function fixedCostFigure(ctx: BenchContext, build: string): Promise<FixedCostFigure> {
  const { fixedCostRuns, fixedCostIdleSeconds } = ctx.config;
  const runs: FixedCostRun[] = [];
  for (let run = 1; run <= fixedCostRuns; run++) {
    const alone = await startAlone(ctx);
    const withRelay = await idleWithRelay(ctx, fixedCostIdleSeconds);
    runs.push({ ...alone, ...withRelay });
    ctx.say(
      `fixed cost ${run}/${fixedCostRuns}: daemon ${round(alone.daemonServeMs)} ms, relay ` +
        `${round(alone.relayServeMs)} ms, both ${round(withRelay.withRelayServeMs)} ms; idle RSS daemon ` +
        `${mib(withRelay.daemon.rss)} MiB, relay ${mib(withRelay.relay.rss)} MiB`,
    );
  }
  return { commit: commitOf(), build, idleSeconds: fixedCostIdleSeconds, runs, median: medianRun(runs) };
}

async function startAlone(ctx: BenchContext): Promise<Pick<FixedCostRun, 'daemonServeMs' | 'relayServeMs'>> {
  const dirs = newRunDirs(ctx, 'disk', 'fixed-alone');
  fs.mkdirSync(path.dirname(dirs.logFile), { recursive: true });
  const daemon = await startDaemonBinary({
    ...dirs,
    sync: 'batch',
    logLevel: ctx.config.logLevel,
    env: ctx.config.daemonEnv,
    extraArgs: ['--task-relay', 'off'],
  });
  try {
    const relay = await startRelayBinary({
      listen: path.join(dirs.sockets, 'relay.sock'),
      upstream: daemon.taskSocket,
      infoFile: path.join(dirs.dir, RELAY_INFO_FILE),
      logFile: `${dirs.logFile}.relay`,
      env: ctx.config.daemonEnv,
    });
    await relay.stop();
    return { daemonServeMs: round(daemon.serveMs), relayServeMs: round(relay.serveMs) };
  } finally {
    await daemon.stop();
    fs.rmSync(dirs.dir, { recursive: true, force: true });
  }
}

async function idleWithRelay(
  ctx: BenchContext,
  idleSeconds: number,
): Promise<Pick<FixedCostRun, 'withRelayServeMs' | 'daemon' | 'relay'>> {
  const dirs = newRunDirs(ctx, 'disk', 'fixed-relay');
  fs.mkdirSync(path.dirname(dirs.logFile), { recursive: true });
  const daemon = await startDaemonBinary({
    ...dirs,
    sync: 'batch',
    logLevel: ctx.config.logLevel,
    env: ctx.config.daemonEnv,
    extraArgs: ['--task-relay', 'on'],
  });
  const relayPid = readRelayInfo(path.join(dirs.dir, RELAY_INFO_FILE))?.pid;
  try {
    if (relayPid === undefined) throw new Error(`no ${RELAY_INFO_FILE} after the daemon served`);
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    return {
      withRelayServeMs: round(daemon.serveMs),
      daemon: processMemory(daemon.pid),
      relay: processMemory(relayPid),
    };
  } finally {
    await stopAll(daemon, relayPid);
    fs.rmSync(dirs.dir, { recursive: true, force: true });
  }
}

/** The relay outlives its daemon by design (docs/containerd.md §5): it is stopped here by the pid it recorded. */
async function stopAll(daemon: RunningServer, relayPid: number | undefined): Promise<void> {
  await daemon.stop();
  if (relayPid === undefined) return;
  try {
    process.kill(relayPid, 'SIGTERM');
  } catch {
    return;
  }
  while (fs.existsSync(`/proc/${relayPid}`)) await new Promise((resolve) => setTimeout(resolve, 20));
}

function medianRun(runs: FixedCostRun[]): FixedCostRun {
  const of = (pick: (run: FixedCostRun) => number): number => median(runs.map(pick));
  const memory = (pick: (run: FixedCostRun) => ProcessMemory): ProcessMemory => ({
    rss: of((run) => pick(run).rss),
    anon: of((run) => pick(run).anon),
    file: of((run) => pick(run).file),
    pss: of((run) => pick(run).pss),
  });
  return {
    daemonServeMs: of((run) => run.daemonServeMs),
    relayServeMs: of((run) => run.relayServeMs),
    withRelayServeMs: of((run) => run.withRelayServeMs),
    daemon: memory((run) => run.daemon),
    relay: memory((run) => run.relay),
  };
}

function commitOf(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: import.meta.dirname,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  try {
    const dirty = git('status', '--porcelain', '--untracked-files=no').trim() !== '';
    return `${git('rev-parse', '--short=12', 'HEAD').trim()}${dirty ? '+dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : round(((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2);
}

export const mib = (bytes: number): number => round(bytes / 2 ** 20, 1);
