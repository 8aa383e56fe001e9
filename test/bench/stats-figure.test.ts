import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { machineInfo, readConfig } from './config.js';
import { statsFigure } from './figures/stats.js';
import { statsReport } from './report.js';
import { statsTarget, type BenchResults } from './results.js';
import type { BenchContext } from './runs.js';

/**
 * Figure 8 (Stats at scale) end to end at smoke sizes, as `npm run bench:smoke` runs it: a daemon filled with tens of
 * running containers, polled against the bare server, and a short once-a-second poll. The numbers mean nothing at
 * this size; what is checked is that every call was answered with metrics and that the figure adds up.
 */
t.test('the Stats figure runs at smoke sizes and its numbers add up', async (t) => {
  const config = readConfig(['--smoke'], {});
  const diskWork = fs.mkdtempSync(path.join(config.diskRoot, 'rs-bench-test-'));
  const tmpfsWork = fs.mkdtempSync(path.join(config.tmpfsRoot, 'rs-bench-test-'));
  t.teardown(() => {
    fs.rmSync(diskWork, { recursive: true, force: true });
    fs.rmSync(tmpfsWork, { recursive: true, force: true });
  });
  const ctx: BenchContext = { config, diskWork, tmpfsWork, say: (line) => t.comment(line) };
  const started = Date.now();
  const figure = await statsFigure(ctx);
  t.comment(`figure took ${((Date.now() - started) / 1000).toFixed(1)} s`);

  t.same(
    figure.rows.map((row) => row.live),
    config.statsSizes,
    'one row per size',
  );
  t.ok(
    config.statsSizes.every((size) => size >= 10 && size < 100),
    'smoke polls tens of containers',
  );
  t.ok(figure.metricsBytes > 0, `our daemon answered ${figure.metricsBytes} bytes of metrics`);
  for (const row of figure.rows) {
    for (const [name, load] of [
      ['bare', row.bare],
      ['ours', row.ours],
    ] as const) {
      const at = `${name} at ${row.live}`;
      t.equal(load.errors, 0, `${at}: every Stats answered with cgroup v2 metrics`);
      t.equal(load.calls, row.live * row.rounds, `${at}: each container once per round`);
      t.ok(load.callsPerSecond > 0, `${at}: calls/s`);
      t.ok(load.all.p50Us > 0 && load.all.p99Us >= load.all.p50Us, `${at}: 0 < p50 ≤ p99`);
      t.ok(load.serverCpuUsPerCall >= 0 && load.serverCpuUsPerCall < 100_000, `${at}: server CPU per call`);
    }
    t.ok(row.rounds * row.live >= config.statsCalls, 'at least statsCalls calls per run');
    t.equal(row.bare.statsBytes, figure.metricsBytes, 'the bare server answers the bytes our daemon did');
    t.ok(Math.abs((row.ours.statsBytes ?? 0) - figure.metricsBytes) <= 8, 'ours answers about the same size');
    t.equal(row.cpuSecondsPer1000.ours, Math.round(row.ours.serverCpuUsPerCall * 10) / 1e4, 'CPU per 1,000');
  }

  const paced = figure.paced;
  if (!paced) throw new Error('no paced run');
  t.equal(paced.containers, config.statsSizes[0], 'paced at the smallest size');
  t.equal(paced.ours.calls, paced.containers * config.statsPacedSeconds, 'once a second for the set seconds');
  t.ok(
    paced.ours.seconds >= config.statsPacedSeconds * 0.95 &&
      paced.ours.seconds < config.statsPacedSeconds + 2,
    `paced run lasted ${paced.ours.seconds} s`,
  );
  for (const fraction of [paced.coreFraction.bare, paced.coreFraction.ours])
    t.ok(fraction >= 0 && fraction <= machineInfo().cores, `share of a core ${fraction}`);

  t.same(
    figure.metricsRows.map((row) => row.live),
    config.statsSizes,
    'one Controller Metrics row per size',
  );
  t.ok(figure.podMetricsBytes > 0, `our daemon answered ${figure.podMetricsBytes} bytes of pod metrics`);
  for (const row of figure.metricsRows) {
    for (const [name, load] of [
      ['bare', row.bare],
      ['ours', row.ours],
    ] as const) {
      const at = `Metrics, ${name} at ${row.live}`;
      t.equal(load.errors, 0, `${at}: every Controller Metrics answered with cgroup v2 metrics`);
      t.equal(load.calls, row.live * row.rounds, `${at}: each sandbox once per round`);
      t.same(Object.keys(load.methods), ['Metrics'], `${at}: only Controller Metrics was called`);
    }
    t.equal(
      row.bare.statsBytes,
      figure.podMetricsBytes,
      'the bare server answers the pod bytes our daemon did',
    );
  }
  const pacedMetrics = figure.pacedMetrics;
  if (!pacedMetrics) throw new Error('no paced Controller Metrics run');
  t.equal(
    pacedMetrics.ours.calls,
    pacedMetrics.containers * config.statsPacedSeconds,
    'Metrics once a second for the set seconds',
  );

  t.same(
    figure.relayed.map((run) => run.concurrency),
    [config.statsConcurrency, 1],
    'through the relay: as many in flight as the daemon-only run, then one at a time',
  );
  for (const run of figure.relayed) {
    const at = `through the relay, ${run.concurrency} in flight`;
    t.equal(run.load.errors, 0, `${at}: every Stats answered with cgroup v2 metrics`);
    t.equal(
      run.load.calls,
      run.containers * config.statsPacedSeconds,
      `${at}: once a second for the set seconds`,
    );
    t.equal(run.load.statsBytes, figure.paced?.ours.statsBytes, `${at}: the daemon's answer, byte for byte`);
    t.ok(run.cpuUsPerCall.relay > 0 && run.cpuUsPerCall.daemon > 0, `${at}: both processes worked`);
    for (const fraction of Object.values(run.coreFraction))
      t.ok(fraction > 0 && fraction <= machineInfo().cores, `${at}: share of a core ${fraction}`);
  }

  const target = statsTarget(figure);
  t.not(target.met, null, 'the 5% target is checked');
  t.match(target.measured, `estimated from the CPU per call at ${config.statsSizes[0]} containers`);
  const results = { config, stats: { cores: 2, ...figure } } as unknown as BenchResults;
  t.match(
    statsReport(results).join('\n'),
    /### 8\. Stats at scale[\s\S]*once a second[\s\S]*through the task relay[\s\S]*Controller Metrics/,
  );
});
