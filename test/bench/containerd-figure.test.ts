import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { withTools } from '../containerd/tools.js';
import { measuredCommit } from './commit.js';
import { machineInfo, readConfig } from './config.js';
import { containerdReport } from './containerd/report.js';
import { containerdFigure } from './figures/containerd.js';
import type { BenchResults } from './results.js';
import type { BenchContext } from './runs.js';

/**
 * Figure 9 (pods through containerd) end to end at smoke sizes, as `npm run bench:smoke` runs it: a few pods through
 * the real containerd on ResourceSlot and on runc. The numbers mean nothing at this size; what is checked is that
 * every pod ran, that each role's processes were found, and that the figure adds up.
 */
withTools(t, 'containerd figure', () => {
  t.test('the containerd figure runs at smoke sizes and its numbers add up', async (t) => {
    const config = readConfig(['--smoke'], {});
    const diskWork = fs.mkdtempSync(path.join(config.diskRoot, 'rs-bench-test-'));
    t.teardown(() => fs.rmSync(diskWork, { recursive: true, force: true }));
    const ctx: BenchContext = { config, diskWork, tmpfsWork: diskWork, say: (line) => t.comment(line) };
    const figure = await containerdFigure(ctx);

    const ours = figure.rows.filter((row) => row.backend === 'resource-slot');
    t.same(
      ours.map((row) => row.pods),
      config.containerdPods,
      'ResourceSlot ran every size',
    );
    for (const row of ours) {
      const role = (name: string) => row.roles.find((cost) => cost.role === name);
      t.equal(role('containerd')?.processes, 1, 'containerd found');
      t.equal(role('resource-slot daemon')?.processes, 1, 'the daemon found');
      t.equal(role('task relay')?.processes, 1, 'the task relay found');
      t.equal(role('runc shims')?.processes, 0, 'no runc shim on ResourceSlot');
      t.ok((role('resource-slot daemon')?.cpuSeconds ?? 0) > 0, 'the daemon worked during the wave');
      t.ok((role('resource-slot daemon')?.rssBytes ?? 0) > 10 * 2 ** 20, 'the daemon holds memory');
      t.ok(row.resourceSlotCpuShare !== null && row.resourceSlotCpuShare > 0 && row.resourceSlotCpuShare < 1);
      for (const method of ['RunPodSandbox', 'CreateContainer', 'StartContainer'] as const)
        t.equal(row.latency[method].count, method === 'RunPodSandbox' ? row.pods : 2 * row.pods, method);
    }
    const runc = figure.rows.filter((row) => row.backend === 'runc');
    const runcFailures = figure.failures.filter((failure) => failure.backend === 'runc');
    t.equal(runc.length + runcFailures.length, config.containerdPods.length, 'runc either ran or says why');
    for (const failure of runcFailures) t.match(failure.error, /\S/, `runc: ${failure.error}`);
    for (const row of runc) {
      const role = (name: string) => row.roles.find((cost) => cost.role === name);
      t.equal(role('runc shims')?.processes, row.pods, 'one runc shim per pod');
      t.equal(role('pause and app processes')?.processes, 3 * row.pods, 'a pause and two apps per pod');
      t.equal(role('resource-slot daemon')?.processes, 1, 'the daemon runs beside, idle');
      t.equal(row.resourceSlotCpuShare, null);
    }
    t.equal(figure.failures.filter((failure) => failure.backend === 'resource-slot').length, 0);

    const results: BenchResults = {
      date: new Date().toISOString(),
      commit: measuredCommit(),
      machine: machineInfo(),
      loadAverage: { start: [0, 0, 0], end: [0, 0, 0] },
      note: '',
      durationSeconds: 1,
      config,
      containerd: { cores: 2, ...figure },
      targets: [],
    };
    const report = containerdReport(results).join('\n');
    t.match(report, /^Measured .* at commit [0-9a-f]{7,}(-dirty)? on /, 'the report names the commit');
    t.match(report, /### 9\. Pods through containerd/);
    t.match(report, new RegExp(`\\| resource-slot \\| ${config.containerdPods[0]} \\| `), 'a row per run');
    t.match(report, /ResourceSlot's share of the node's CPU/);
  });
});
