// `top --history`: the sparklines from a fixed History answer (exact), then against a live daemon sampling every
// 200 ms, a pod annotated resource-slot.io/usage-cpu: 250m and usage-memory: 64Mi.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import type { HistoryResponse } from '../../src/generated/resourceslot/v1/inspect.js';
import { nodeRows, podRows, spanLine } from '../../src/ctl/history-table.js';
import { downsample, sparkline } from '../../src/ctl/sparkline.js';
import { startDaemon } from '../helpers/daemon.js';
import { ctl, ctlOk, tableRows } from './run-ctl.js';

const MiB = 2 ** 20;

t.test(
  'sparklines: ▁ for 0 up to █ from 7/8 of the scale, · before the first sample, the highest per character',
  async (t) => {
    t.equal(sparkline([0, 125, 250, 375, 500, 625, 750, 875, 1000], 1000), '▁▂▃▄▅▆▇██');
    t.equal(sparkline([null, 0, 2000], 1000), '·▁█', 'above the scale: full');
    t.equal(sparkline([5, 5], 0), '▁▁', 'a scale of 0 draws nothing above ▁');
    t.strictSame(
      downsample([1, 9, 2, 3, 4, 8, 5], 3),
      [1, 9, 8],
      'buckets of 3 counted back from the newest',
    );
    t.strictSame(downsample([null, null, 1, 2], 2), [null, 2]);
    t.strictSame(downsample([1, 2], 30), [1, 2], 'fewer samples than the width: one character each');
  },
);

const answer: HistoryResponse = {
  resolutionMillis: 10_000,
  length: 90,
  timesMillis: [10_000, 20_000, 30_000, 40_000],
  pods: [
    {
      sandboxId: 'b'.repeat(64),
      name: 'web',
      namespace: 'shop',
      state: 'running',
      usage: {
        first: 0,
        cpuMillicores: [0, 100, 200, 400],
        memoryWorkingSetBytes: [0, 32 * MiB, 64 * MiB, 64 * MiB],
      },
      containers: [
        {
          containerId: 'c'.repeat(64),
          name: 'app',
          state: 'running',
          usage: { first: 2, cpuMillicores: [200, 400], memoryWorkingSetBytes: [64 * MiB, 64 * MiB] },
        },
      ],
    },
    {
      sandboxId: 'a'.repeat(64),
      name: 'gone',
      namespace: 'shop',
      state: 'stopped',
      usage: { first: 0, cpuMillicores: [0, 0, 0, 0], memoryWorkingSetBytes: [0, 0, 0, 0] },
      containers: [],
    },
  ],
  node: {
    cpuUsedMillicores: [0, 100, 200, 400],
    memoryUsedBytes: [0, 32 * MiB, 64 * MiB, 64 * MiB],
    cpuRequestsMillis: [500, 500, 500, 500],
    cpuLimitsMillis: [1000, 1000, 1000, 2500],
    memoryRequestsBytes: [128 * MiB, 128 * MiB, 128 * MiB, 128 * MiB],
    memoryLimitsBytes: [256 * MiB, 256 * MiB, 256 * MiB, 256 * MiB],
    pods: [1, 1, 1, 1],
    cpuAllocatableMillis: 2000,
    memoryAllocatableBytes: 1024 * MiB,
    podsAllocatable: 10,
  },
};

t.test(
  'pod rows: namespace/name, sparklines scaled to their highest, now and highest in m and Mi',
  async (t) => {
    t.strictSame(podRows(answer, { containers: true, width: 30, noTrunc: false }), [
      ['shop/web', '*', '▁▃▅█', '400m', '400m', '▁▅██', '64Mi', '64Mi'],
      ['shop/web', 'app', '··▅█', '400m', '400m', '··██', '64Mi', '64Mi'],
    ]);
    t.strictSame(
      podRows(answer, { containers: false, width: 2, noTrunc: false }).map((row) => row.slice(0, 3)),
      [['shop/web', '*', '▃█']],
      'pods only; 2 characters: the highest of each half; a stopped pod left out, as top leaves it',
    );
  },
);

t.test(
  'node rows: each resource on one scale, allocatable (or above it), with the share of allocatable',
  async (t) => {
    t.strictSame(nodeRows(answer.node!, 30), [
      ['cpu used', '▁▁▁▂', '400m (20%)', '400m', '2000m'],
      ['cpu requests', '▂▂▂▂', '500m (25%)', '500m', '2000m'],
      ['cpu limits', '▄▄▄█', '2500m (125%)', '2500m', '2000m'],
      ['memory used', '▁▁▁▁', '64Mi (6%)', '64Mi', '1Gi'],
      ['memory requests', '▂▂▂▂', '128Mi (13%)', '128Mi', '1Gi'],
      ['memory limits', '▃▃▃▃', '256Mi (25%)', '256Mi', '1Gi'],
      ['pods', '▁▁▁▁', '1 (10%)', '1', '10'],
    ]);
    t.equal(
      spanLine(answer, 2),
      '4 samples every 10s (40s), oldest left; each character is the highest of 2 samples; · not sampled yet\n',
    );
  },
);

t.test('top --history against the daemon', async (t) => {
  const daemon = await startDaemon(t, [
    '--history-resolution',
    '0.2',
    '--capacity',
    'cpu=2,memory=4Gi,pods=10',
  ]);
  const { socket, tmp } = daemon;
  const write = (name: string, lines: string[]) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const pod = (
    await ctlOk(socket, [
      'runp',
      write('pod.yaml', [
        'metadata: {name: busy, namespace: shop, uid: busy-1}',
        'annotations:',
        "  resource-slot.io/usage-cpu: '250m'",
        "  resource-slot.io/usage-memory: '64Mi'",
      ]),
    ])
  ).trim();
  const app = (
    await ctlOk(socket, [
      'create',
      pod,
      write('app.yaml', [
        'metadata: {name: app}',
        'image: {image: docker.io/library/busybox:1.36}',
        'command: [sleep, infinity]',
        'linux: {resources: {cpu_shares: 256, memory_limit_in_bytes: 134217728}}',
      ]),
    ])
  ).trim();
  await ctlOk(socket, ['start', app]);
  // Two whole intervals after the start.
  await new Promise((resolve) => setTimeout(resolve, 700));

  const [span, ...table] = (await ctlOk(socket, ['top', '--history', '--containers'])).split('\n');
  t.match(span, /^\d+ samples every 0\.2s \(\d+(\.\d)?s\), oldest left/);
  const rows = tableRows(table.join('\n'));
  t.strictSame(rows[0], ['POD', 'CONTAINER', 'CPU', 'NOW', 'MAX', 'MEMORY', 'NOW', 'MAX']);
  const [podRow, appRow] = rows.slice(1, 3);
  t.strictSame(podRow?.slice(0, 2), ['shop/busy', '*'], 'the pod by namespace/name');
  t.strictSame(appRow?.slice(0, 2), ['shop/busy', 'app']);
  t.match(appRow?.[2], /^[▁-█·]+[▇█]$/, 'the CPU sparkline ends at its highest');
  t.match(appRow?.[3], /^(24[89]|25[0-2])m$/, `CPU now ${appRow?.[3]} is 250m within 1 %`);
  t.strictSame(appRow?.slice(6), ['60.8Mi', '60.8Mi'], 'memory in Mi: the working set of 64Mi');
  const nodeStart = rows.findIndex((row) => row[0] === 'NODE');
  t.strictSame(rows[nodeStart], ['NODE', 'OVER TIME', 'NOW', 'MAX', 'ALLOCATABLE']);
  const requests = rows.find((row) => row[0] === 'cpu requests');
  t.strictSame([requests?.[2], requests?.[4]], ['250m (13%)', '2000m'], 'requests next to allocatable');
  t.strictSame(rows.find((row) => row[0] === 'pods')?.slice(2), ['1 (10%)', '1', '10']);

  const json = JSON.parse(await ctlOk(socket, ['top', '--history', '-o', 'json'])) as HistoryResponse;
  t.equal(json.pods[0]?.name, 'busy', '-o json: the History answer');
  t.equal(json.pods[0]?.containers.length, 0, 'without --containers: none');

  const bad = await ctl(socket, ['top', '--history', '--width', '0']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--width must be a whole number of characters from 1 to 1000, got "0"/);
  t.match(
    (await ctl(socket, ['top', '--history', '--sort-by', 'cpu'])).stderr,
    /--sort-by does not apply to --history/,
  );
  const without = await ctl(socket, ['top', '--containers']);
  t.match(without.stderr, /--containers needs --history/);
});
