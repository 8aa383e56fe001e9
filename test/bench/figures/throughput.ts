/**
 * Figures 1–3: sandbox lifecycles against the bare baseline and our daemon, at each concurrency, in the same run;
 * with containers through the Task API; and under each sync mode on the disk and on tmpfs.
 */
import path from 'node:path';
import { writeBundles } from '../bundles.js';
import { lifecycleJob, measureBare, measureOurs, type BenchContext, type Filesystem } from '../runs.js';
import { ratios, type Comparison } from './compare.js';

export const DEFAULT_SYNC = 'batch';

export async function lifecycleFigure(ctx: BenchContext): Promise<Comparison[]> {
  const rows: Comparison[] = [];
  for (const concurrency of ctx.config.concurrency) {
    const job = lifecycleJob(ctx, 'lc', ctx.config.lifecycles, concurrency);
    ctx.say(`lifecycle: ${job.to} lifecycles, ${concurrency} in flight: bare…`);
    const bare = await measureBare(ctx, job);
    ctx.say(`lifecycle: … ours (--sync ${DEFAULT_SYNC}, disk)…`);
    const ours = await measureOurs(ctx, { sync: DEFAULT_SYNC, fs: 'disk' }, job);
    rows.push({ concurrency, bare, ours, ratios: ratios(ours, bare) });
  }
  return rows;
}

export async function containersFigure(ctx: BenchContext): Promise<Comparison[]> {
  const { containerLifecycles: count, containersPerSandbox: perSandbox, warmup } = ctx.config;
  const bundles = path.join(ctx.diskWork, 'bundles');
  ctx.say(`containers: writing ${(count + warmup) * perSandbox} bundles…`);
  writeBundles(bundles, 'ct', 0, count, perSandbox);
  writeBundles(bundles, 'ctw', 0, warmup, perSandbox);
  const rows: Comparison[] = [];
  for (const concurrency of ctx.config.containerConcurrency) {
    const job = { ...lifecycleJob(ctx, 'ct', count, concurrency), containers: perSandbox, bundles };
    ctx.say(`containers: ${count} lifecycles × ${perSandbox} containers, ${concurrency} in flight: bare…`);
    const bare = await measureBare(ctx, job);
    ctx.say('containers: … ours…');
    const ours = await measureOurs(ctx, { sync: DEFAULT_SYNC, fs: 'disk' }, job);
    rows.push({ concurrency, bare, ours, ratios: ratios(ours, bare) });
  }
  return rows;
}

export interface DurabilityRow extends Comparison {
  sync: string;
  fs: Filesystem;
}

export const SYNC_MODES = ['batch', 'always', 'none'] as const;

export async function durabilityFigure(ctx: BenchContext): Promise<DurabilityRow[]> {
  const rows: DurabilityRow[] = [];
  for (const concurrency of ctx.config.durabilityConcurrency) {
    const job = lifecycleJob(ctx, 'du', ctx.config.durabilityLifecycles, concurrency);
    ctx.say(`durability: ${job.to} lifecycles, ${concurrency} in flight: bare…`);
    const bare = await measureBare(ctx, job);
    for (const fs of ['disk', 'tmpfs'] as const) {
      for (const sync of SYNC_MODES) {
        ctx.say(`durability: … ours --sync ${sync} on ${fs}…`);
        const ours = await measureOurs(ctx, { sync, fs }, job);
        rows.push({ concurrency, sync, fs, bare, ours, ratios: ratios(ours, bare) });
      }
    }
  }
  return rows;
}
