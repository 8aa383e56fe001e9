/** Figure 9 (pods through containerd) as markdown, for its own section of docs/performance.md. */
import type { ContainerdRow } from '../figures/containerd.js';
import { table } from '../markdown-table.js';
import { runHeader } from '../report.js';
import { ms, type BenchResults } from '../results.js';
import { round } from '../stats.js';

const MIB = 2 ** 20;

const latency = (row: ContainerdRow, method: keyof ContainerdRow['latency']) =>
  `${ms(row.latency[method].p50Us)} / ${ms(row.latency[method].p99Us)}`;

/** The chart of figure 9 as docs/performance.md links it (written beside it by docs-section.ts). */
export const NODE_CHART_LINK = 'node-cost.svg';

export function containerdReport(results: BenchResults): string[] {
  const figure = results.containerd;
  if (!figure) return [];
  const out = [...runHeader(results), '', `### 9. Pods through containerd (${figure.cores} cores)`, ''];
  out.push(
    `N pods of two containers each, created through the real containerd 2.2.9 with crictl 1.34 as a kubelet would ` +
      `(RunPodSandbox, then CreateContainer and StartContainer per container), ${figure.concurrency} pods in ` +
      `flight, on a fresh node per run: **ResourceSlot** (its daemon and task relay) against **runc** (the same ` +
      `containerd with its in-tree pod sandbox controller, containerd-shim-runc-v2 and Debian's runc, running a ` +
      `static do-nothing program as pause and app). Latencies are crictl's whole call, its own start included ` +
      `(\`crictl version\`: ${figure.crictlBaselineMs} ms at p50). Host-network pods (no CNI).`,
    '',
  );
  out.push(
    ...table(
      [
        'runtime',
        'pods',
        'all Running in s',
        'pods/s',
        'RunPodSandbox p50 / p99 ms',
        'CreateContainer',
        'StartContainer',
      ],
      figure.rows.map((row) => [
        row.backend,
        row.pods,
        round(row.seconds, 2),
        row.podsPerSecond,
        latency(row, 'RunPodSandbox'),
        latency(row, 'CreateContainer'),
        latency(row, 'StartContainer'),
      ]),
    ),
  );
  out.push(
    '',
    'What each process of the node cost: CPU over the wave, resident memory before it and once all run.',
    '',
  );
  out.push(
    ...table(
      [
        'runtime',
        'pods',
        'process',
        'count',
        'CPU s',
        'CPU ms / pod',
        'RSS MiB idle → all running',
        'RSS KiB / pod',
      ],
      figure.rows.flatMap((row) =>
        row.roles
          .filter((role) => role.processes > 0 || role.idleRssBytes > 0)
          .map((role) => [
            row.backend,
            row.pods,
            role.role,
            role.processes,
            round(role.cpuSeconds, 2),
            round((role.cpuSeconds * 1000) / row.pods, 1),
            `${round(role.idleRssBytes / MIB, 1)} → ${round(role.rssBytes / MIB, 1)}`,
            round((role.rssBytes - role.idleRssBytes) / 1024 / row.pods, 1),
          ]),
      ),
    ),
  );
  const shares = figure.rows.filter((row) => row.resourceSlotCpuShare !== null);
  if (shares.length > 0)
    out.push(
      '',
      "ResourceSlot's share of the node's CPU over the wave (daemon and relay / containerd, daemon and relay): " +
        shares
          .map((row) => `${round((row.resourceSlotCpuShare ?? 0) * 100, 1)}% at ${row.pods} pods`)
          .join(', ') +
        '.',
    );
  for (const failure of figure.failures)
    out.push('', `Not measured: ${failure.backend} at ${failure.pods} pods: ${failure.error}`);
  return out;
}
