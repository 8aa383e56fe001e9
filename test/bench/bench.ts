/**
 * `npm run bench` (`--smoke` for tiny sizes): runs the figures of issue 10 and the Stats figure of issue 17, prints
 * them as markdown, writes the results JSON and, in a full run, what it measured into docs/performance.md (and its
 * chart). Sizes and switches: BENCH_* variables, see config.ts and docs/performance.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import './children.js';
import { measuredCommit } from './commit.js';
import { machineInfo, readConfig, type Figure } from './config.js';
import { CHART_LINK, writeDocs } from './docs-section.js';
import { binBuild } from './bin-build.js';
import { fixedCostFigure } from './figures/fixed-cost.js';
import { containerdFigure } from './figures/containerd.js';
import { kubeletFigure } from './figures/kubelet.js';
import { inspectionFigure } from './figures/inspection.js';
import { profileFigure } from './figures/profile.js';
import { scaleFigures } from './figures/scale.js';
import { statsFigure } from './figures/stats.js';
import { containersFigure, durabilityFigure, lifecycleFigure } from './figures/throughput.js';
import { waitersFigure } from './figures/waiters.js';
import { containerdReport } from './containerd/report.js';
import { kubeletReport } from './kubelet/report.js';
import { markdownReport } from './report.js';
import { checkTargets, type BenchResults } from './results.js';
import type { BenchContext } from './runs.js';

if (process.env['TAP'] === '1') {
  // `npx tap test/bench` runs every file of the directory: this one is the benchmark (an hour or two), not a test.
  process.stdout.write('1..0 # bench.ts is the benchmark, not a test: npm run bench\n');
  process.exit(0);
}
const config = readConfig(process.argv.slice(2));
const machine = machineInfo();
const started = Date.now();
const loadAverage = () => os.loadavg().map((value) => Math.round(value * 100) / 100);
const diskWork = fs.mkdtempSync(path.join(config.diskRoot, 'rs-bench-'));
const tmpfsWork = fs.mkdtempSync(path.join(config.tmpfsRoot, 'rs-bench-'));
const say = (line: string): void => {
  const elapsed = ((Date.now() - started) / 1000).toFixed(0).padStart(5);
  process.stderr.write(`[${elapsed} s] ${line}\n`);
};
const ctx: BenchContext = { config, diskWork, tmpfsWork, say };
/** CPU profiles are large: kept outside the repository, one directory per run, named in the results. */
const runName = `${config.smoke ? 'smoke-' : ''}${new Date(started).toISOString().replace(/[:.]/g, '-')}`;
const keepProfilesIn = path.join(config.diskRoot, 'resource-slot-bench-profiles', runName);
fs.mkdirSync(keepProfilesIn, { recursive: true });
const wants = (figure: Figure): boolean => config.figures.includes(figure);
const cores = machine.cores;

const partial: Omit<BenchResults, 'targets' | 'durationSeconds'> = {
  date: new Date().toISOString(),
  commit: measuredCommit(),
  machine,
  loadAverage: { start: loadAverage(), end: [] },
  note: config.note,
  config,
};
const save = (): BenchResults => {
  const base = { ...partial, durationSeconds: Math.round((Date.now() - started) / 1000) };
  const results: BenchResults = {
    ...base,
    loadAverage: { ...partial.loadAverage, end: loadAverage() },
    targets: checkTargets(base),
  };
  fs.writeFileSync(config.out, JSON.stringify(results, null, 2) + '\n');
  return results;
};

say(`${config.smoke ? 'smoke' : 'full'} run on ${cores} cores; figures: ${config.figures.join(', ')}`);
try {
  if (wants('fixed')) partial.fixed = { cores, ...(await fixedCostFigure(ctx, binBuild())) };
  save();
  if (wants('lifecycle')) partial.lifecycle = { cores, rows: await lifecycleFigure(ctx) };
  save();
  if (wants('containers')) {
    const rows = await containersFigure(ctx);
    partial.containers = { cores, containersPerSandbox: config.containersPerSandbox, rows };
  }
  save();
  if (wants('durability')) partial.durability = { cores, rows: await durabilityFigure(ctx) };
  save();
  if (wants('inspection')) partial.inspection = { cores, figure: await inspectionFigure(ctx) };
  save();
  if (wants('waiters')) partial.waiters = { cores, ...(await waitersFigure(ctx)) };
  save();
  if (wants('stats')) partial.stats = { cores, ...(await statsFigure(ctx)) };
  save();
  if (wants('containerd')) partial.containerd = { cores, ...(await containerdFigure(ctx)) };
  save();
  if (wants('kubelet')) partial.kubelet = { cores, ...(await kubeletFigure(ctx)) };
  save();
  if (wants('scale')) partial.scale = { cores, ...(await scaleFigures(ctx, keepProfilesIn)) };
  save();
  if (wants('profile')) partial.profile = { cores, runs: await profileFigure(ctx, keepProfilesIn) };
} finally {
  if (!config.keepWorkDir) {
    fs.rmSync(diskWork, { recursive: true, force: true });
    fs.rmSync(tmpfsWork, { recursive: true, force: true });
  } else say(`kept ${diskWork} and ${tmpfsWork}`);
}

const results = save();
const markdown = markdownReport(results, config.writeDocs ? CHART_LINK : null);
process.stdout.write(
  markdown + ['', ...containerdReport(results), '', ...kubeletReport(results), ''].join('\n'),
);
if (config.writeDocs) say(`wrote ${(await writeDocs(results)).join(', ')}`);
say(`results: ${config.out}`);
