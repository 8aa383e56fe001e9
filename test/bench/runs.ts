/**
 * One measured run = a fresh server (fresh state directory) + one client-worker job. The bare baseline and our
 * daemon are run through the same function so they get the same warm-up, client and timing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchConfig } from './config.js';
import { startBare, startDaemonBinary, type RunningServer } from './servers.js';
import { runLoad, type JobShape, type MeasuredLoad } from './workers.js';

export type Filesystem = 'disk' | 'tmpfs';

export interface BenchContext {
  config: BenchConfig;
  /** Scratch space on the disk (sockets, logs, bundles) and on tmpfs; both removed at the end. */
  diskWork: string;
  tmpfsWork: string;
  say(line: string): void;
}

export interface OursOptions {
  sync: string;
  fs: Filesystem;
  extraArgs?: string[];
  nodeFlags?: string[];
  /** Called while the daemon still runs, after the load (e.g. to read its debug URL or close subscribers). */
  during?: (server: RunningServer) => Promise<() => Promise<void>>;
}

let runNumber = 0;

export function newRunDirs(ctx: BenchContext, fsKind: Filesystem, label: string) {
  const n = ++runNumber;
  const root = fsKind === 'disk' ? ctx.diskWork : ctx.tmpfsWork;
  return {
    dir: path.join(root, 'state', `${n}-${label}`),
    sockets: path.join(ctx.diskWork, 'sockets', String(n)),
    logFile: path.join(ctx.diskWork, 'logs', `${n}-${label}.log`),
  };
}

export async function measureBare(ctx: BenchContext, shape: JobShape): Promise<MeasuredLoad> {
  const server = await startBare(path.join(ctx.diskWork, 'sockets', `bare-${++runNumber}`));
  try {
    return await runLoad(server, shape);
  } finally {
    await server.stop();
  }
}

export async function measureOurs(
  ctx: BenchContext,
  options: OursOptions,
  shape: JobShape,
): Promise<MeasuredLoad> {
  const dirs = newRunDirs(ctx, options.fs, `${options.sync}-${options.fs}-c${shape.concurrency}`);
  fs.mkdirSync(path.dirname(dirs.logFile), { recursive: true });
  const server = await startDaemonBinary({
    ...dirs,
    sync: options.sync,
    logLevel: ctx.config.logLevel,
    env: ctx.config.daemonEnv,
    maxSandboxes: Math.max(100_000, shape.to - shape.from + shape.warmup),
    extraArgs: options.extraArgs ?? [],
    nodeFlags: options.nodeFlags ?? [],
  });
  const finish = options.during ? await options.during(server) : async () => undefined;
  try {
    return await runLoad(server, shape);
  } finally {
    await finish();
    await server.stop();
    fs.rmSync(dirs.dir, { recursive: true, force: true });
  }
}

/** The lifecycle job of figure 1 (and 3, 7): `count` lifecycles after the configured warm-up. */
export function lifecycleJob(
  ctx: BenchContext,
  prefix: string,
  count: number,
  concurrency: number,
): JobShape {
  return {
    kind: 'lifecycle',
    prefix,
    containers: 0,
    bundles: null,
    from: 0,
    to: count,
    concurrency,
    warmup: ctx.config.warmup,
  };
}
