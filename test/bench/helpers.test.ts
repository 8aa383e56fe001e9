import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { chartSvg } from './chart.js';
import { readConfig } from './config.js';
import { summarizeHeap, type SamplingNode } from './heap-summary.js';
import { summarizeProfile } from './profile-summary.js';
import { checkTargets, type BenchResults } from './results.js';
import { percentile, summarize } from './stats.js';
import type { MeasuredLoad } from './workers.js';

t.test('percentiles are nearest-rank over sorted samples', async (t) => {
  const sorted = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
  t.equal(percentile(sorted, 0.5), 500);
  t.equal(percentile(sorted, 0.99), 990);
  t.equal(percentile(sorted, 0.999), 999);
  t.equal(percentile(new Float64Array(), 0.5), 0);
  const summary = summarize([3, 1, 2]);
  t.match(summary, { count: 3, p50Us: 2, maxUs: 3, meanUs: 2 });
});

t.test('config: issue defaults, smoke sizes, and errors that name the variable', async (t) => {
  const full = readConfig([], {});
  t.equal(full.lifecycles, 20_000);
  t.same(full.concurrency, [1, 16, 64]);
  t.same(full.sizes, [1_000, 10_000, 100_000]);
  t.equal(full.waiters, 10_000);
  t.same(full.statsSizes, [1_000, 10_000]);
  t.equal(full.statsPacedSeconds, 30);
  t.ok(full.figures.includes('stats'));
  t.equal(full.writeDocs, true);
  const smoke = readConfig(['--smoke'], { BENCH_LIFECYCLES: '7' });
  t.equal(smoke.lifecycles, 7);
  t.equal(smoke.writeDocs, false);
  t.ok(smoke.sizes.every((size) => size < 1_000));
  t.ok(
    smoke.statsSizes.every((size) => size < 100),
    'smoke polls tens of containers',
  );
  t.throws(() => readConfig([], { BENCH_CONCURRENCY: '1,x' }), /BENCH_CONCURRENCY/);
  t.throws(() => readConfig([], { BENCH_FIGURES: 'lifecycle,nope' }), /unknown figure 'nope'/);
  t.throws(() => readConfig([], { BENCH_DAEMON_ENV: 'oops' }), /BENCH_DAEMON_ENV/);
  t.same(readConfig([], { BENCH_DAEMON_ENV: 'UV_THREADPOOL_SIZE=16' }).daemonEnv, {
    UV_THREADPOOL_SIZE: '16',
  });
});

function load(callsPerSecond: number, p99Us: number): MeasuredLoad {
  const latency = { count: 1, meanUs: 1, p50Us: 1, p99Us, p999Us: p99Us, maxUs: p99Us };
  return {
    count: 1,
    concurrency: 1,
    seconds: 1,
    perSecond: 1,
    calls: 1,
    callsPerSecond,
    errors: 0,
    errorMessages: {},
    methods: {},
    all: latency,
    serverCpuUsPerCall: 1,
    serverCores: 1,
    window: { startUs: 0, endUs: 1 },
  };
}

t.test('targets and chart come from the results', async (t) => {
  const row = (concurrency: number, ours: number, bare: number) => ({
    concurrency,
    bare: load(bare, 1000),
    ours: load(ours, 3000),
    ratios: { callsPerSecond: ours / bare, p50: 1, p99: 3, p999: 3, serverCpuPerCall: 1 },
  });
  const results: Omit<BenchResults, 'targets'> = {
    date: '2026-01-01T00:00:00.000Z',
    commit: 'abc1234',
    machine: { cores: 2, cpuModel: 'cpu', memoryGiB: 1, node: 'v20', kernel: 'Linux', arch: 'x64' as const },
    loadAverage: { start: [0, 0, 0], end: [0, 0, 0] },
    note: '',
    durationSeconds: 1,
    config: readConfig([], {}),
    lifecycle: { cores: 2, rows: [row(1, 100, 200), row(64, 700, 1000)] },
  };
  const targets = checkTargets(results);
  const byName = (text: string) => targets.find((check) => check.target.includes(text));
  t.equal(byName('default')?.met, true, '0.7 × bare meets ≥ 0.6');
  t.equal(byName('p99')?.met, false, '3 × bare misses ≤ 2');
  t.equal(byName('--sync none')?.met, null, 'not run');
  t.equal(byName('task Stats')?.met, null, 'the Stats figure not run');
  const svg = chartSvg({ ...results, targets });
  t.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  t.match(svg, /bare grpc-js/);
  t.equal((svg.match(/<polyline /g) ?? []).length, 4, 'two series in each of two panels');
});

t.test('CPU profile summary counts self and inclusive time inside the window', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-bench-test-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const ours = `file://${path.resolve(import.meta.dirname, '../../src/x.ts')}`;
  const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0, columnNumber: 9 });
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 4] },
      { id: 2, callFrame: frame('handler', ours), children: [3] },
      { id: 3, callFrame: frame('fsync'), children: [] },
      { id: 4, callFrame: frame('(idle)'), children: [] },
    ],
    samples: [3, 2, 4, 3, 3],
    timeDeltas: [0, 1000, 1000, 1000, 1000, 1000],
    startTime: 0,
    endTime: 6000,
  };
  const file = path.join(dir, 'p.cpuprofile');
  fs.writeFileSync(file, JSON.stringify(profile));
  const all = summarizeProfile(file);
  t.equal(all.busyMs, 4);
  t.equal(all.idleMs, 1);
  t.match(all.selfByFunction[0], { name: 'fsync :1', amount: 3 });
  t.match(all.inclusiveOurs[0], { name: 'handler src/x.ts:col 10', amount: 4, percent: 100 });
  const windowed = summarizeProfile(file, { window: { startUs: 2500, endUs: 4500 } });
  t.equal(windowed.busyMs + windowed.idleMs, 2, 'only the samples at 3000 and 4000 µs');
});

t.test('heap summary attributes live bytes to their allocation sites', async (t) => {
  const ours = `file://${path.resolve(import.meta.dirname, '../../machines/m.ts')}`;
  const node = (
    functionName: string,
    url: string,
    selfSize: number,
    children: SamplingNode[] = [],
  ): SamplingNode => ({
    callFrame: { functionName, url, lineNumber: 0, columnNumber: 0 },
    selfSize,
    children,
  });
  const head = node('(root)', '', 0, [
    node('spawn', ours, 100, [node('Actor', '/x/node_modules/xstate/dist/a.js', 300)]),
    node('Map', '', 600),
  ]);
  const summary = summarizeHeap(head);
  t.equal(summary.totalBytes, 1000);
  t.match(summary.byArea, [{ name: '(native/builtin)', amount: 600 }, { name: 'xstate', amount: 300 }, {}]);
  t.match(summary.inclusiveOurs, [{ name: 'spawn machines/m.ts:col 1', amount: 400, percent: 40 }]);
});
