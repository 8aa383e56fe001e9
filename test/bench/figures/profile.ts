/**
 * CPU profiles of the daemon under the lifecycle load (`node --cpu-prof`), one per configured setup, summed up by
 * `profile-summary.ts` over the measured part only (start-up and warm-up excluded). The raw profiles are kept
 * next to the results (they are large, so never in the repository) for Chrome DevTools.
 */
import fs from 'node:fs';
import path from 'node:path';
import { mainThreadProfile, summarizeProfile, type ProfileSummary } from '../profile-summary.js';
import { lifecycleJob, measureOurs, type BenchContext } from '../runs.js';
import type { MeasuredLoad } from '../workers.js';

export interface ProfileRun {
  sync: string;
  fs: string;
  concurrency: number;
  load: MeasuredLoad;
  keptAt: string;
  summary: ProfileSummary;
}

export async function profileFigure(ctx: BenchContext, keepIn: string): Promise<ProfileRun[]> {
  const concurrency = ctx.config.profileConcurrency;
  const runs: ProfileRun[] = [];
  for (const { sync, fs: fsKind } of ctx.config.profileSetups) {
    const dir = path.join(ctx.diskWork, `profile-${sync}-${fsKind}`);
    fs.mkdirSync(dir, { recursive: true });
    ctx.say(
      `profile: ${ctx.config.lifecycles} lifecycles, ${concurrency} in flight, --sync ${sync} on ${fsKind}…`,
    );
    const load = await measureOurs(
      ctx,
      { sync, fs: fsKind, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`] },
      lifecycleJob(ctx, 'pr', ctx.config.lifecycles, concurrency),
    );
    const keptAt = path.join(keepIn, `resource-slot-bench-${sync}-${fsKind}.cpuprofile`);
    fs.copyFileSync(mainThreadProfile(dir), keptAt);
    runs.push({
      sync,
      fs: fsKind,
      concurrency,
      load,
      keptAt,
      summary: summarizeProfile(keptAt, { window: load.window }),
    });
  }
  return runs;
}
