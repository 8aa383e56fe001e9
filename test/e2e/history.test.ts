// Inspect's History against the real daemon (its own process, real clock) sampling every 200 ms: a pod annotated
// resource-slot.io/usage-cpu: 250m and usage-memory: 64Mi, read back over gRPC.
//
// Tolerance: each CPU value is the counter's growth between two passes over the daemon's millisecond clock, so it
// is 250m up to a millisecond of a 200 ms interval (±1 %, with the clock read once per container). Memory is
// exact: 64Mi less the inactive file (5 % of the usage), as Usage reports it.
import fs from 'node:fs';
import path from 'node:path';
import { credentials, status } from '@grpc/grpc-js';
import t from 'tap';
import {
  InspectClient,
  type HistoryRequest,
  type HistoryResponse,
} from '../../src/generated/resourceslot/v1/inspect.js';
import { codeOf, startDaemon, unary } from '../helpers/daemon.js';
import { startInProcessDaemon } from '../helpers/in-process-daemon.js';
import { ctlOk } from '../ctl/run-ctl.js';

const MiB = 2 ** 20;
const GiB = 2 ** 30;

async function poll<T>(read: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const WORKING_SET = 64 * MiB - Math.floor((64 * MiB - Math.floor((64 * MiB * 9) / 10)) / 2);

t.test('History over gRPC: the annotated usage, per pod and container, with the node totals', async (t) => {
  const daemon = await startDaemon(t, [
    '--history-resolution',
    '0.2',
    '--history-length',
    '20',
    '--capacity',
    'cpu=2,memory=4Gi,pods=10',
  ]);
  const { socket, tmp } = daemon;
  const inspect = new InspectClient(`unix:${socket}`, credentials.createInsecure());
  t.teardown(() => inspect.close());
  const history = (request: Partial<HistoryRequest> = {}) =>
    unary<HistoryResponse>((callback) =>
      inspect.history({ sandboxId: '', containers: false, containerId: '', ...request }, callback),
    );
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
        'linux: {resources: {cpu_period: 100000, cpu_quota: 50000, cpu_shares: 256, memory_limit_in_bytes: 134217728}}',
      ]),
    ])
  ).trim();
  await ctlOk(socket, ['start', app]);
  const started = Date.now();
  // Three passes after the start, so two rates are between passes that both saw it running.
  const answer = await poll(async () => {
    const read = await history({ sandboxId: pod, containers: true });
    const series = read.pods[0]?.containers[0]?.usage;
    return series && series.cpuMillicores.filter((rate) => rate > 0).length >= 3 ? read : undefined;
  }, 10_000);

  t.equal(answer.resolutionMillis, 200);
  t.equal(answer.length, 20);
  t.ok(answer.timesMillis.length <= 20, 'never more than --history-length');
  const [busy] = answer.pods;
  t.strictSame([busy?.sandboxId, busy?.namespace, busy?.name, busy?.state], [pod, 'shop', 'busy', 'running']);
  const container = busy?.containers[0];
  t.strictSame([container?.containerId, container?.name], [app, 'app']);
  const usage = container?.usage;
  const running = (usage?.cpuMillicores ?? [])
    .map((rate, index) => ({ rate, index }))
    .filter(({ rate }) => rate > 0);
  // The first rate after the start may span a pass before it; the later ones are whole intervals of a running app.
  for (const { rate, index } of running.slice(1))
    t.ok(Math.abs(rate - 250) <= 2.5, `interval ${index}: ${rate}m is 250m within 1 %`);
  const at = (index: number) => answer.timesMillis[(usage?.first ?? 0) + index] ?? 0;
  for (const { index } of running)
    t.ok(at(index) >= started - 1000, 'each running sample is after the start');
  const lastMemory = usage?.memoryWorkingSetBytes.at(-1);
  t.equal(lastMemory, WORKING_SET, 'the working set is the annotated 64Mi less the inactive file');
  // The pod was sampled from its Create on, its container from its own: compare from the container's first.
  const podUsage = busy?.usage;
  const offset = (usage?.first ?? 0) - (podUsage?.first ?? 0);
  t.ok(offset >= 0, 'the pod was sampled no later than its container');
  t.strictSame(
    podUsage?.cpuMillicores.slice(offset),
    usage?.cpuMillicores,
    'a pod of one container is that container',
  );
  t.ok(
    podUsage?.cpuMillicores.slice(0, offset).every((rate) => rate === 0),
    'and 0 before it',
  );
  const { node } = answer;
  t.strictSame(
    [node?.cpuAllocatableMillis, node?.memoryAllocatableBytes, node?.podsAllocatable],
    [2000, 4 * GiB - 100 * MiB, 10],
    'allocatable: the capacity less the default memory.available<100Mi',
  );
  t.strictSame(
    [
      node?.cpuRequestsMillis.at(-1),
      node?.cpuLimitsMillis.at(-1),
      node?.memoryRequestsBytes.at(-1),
      node?.pods.at(-1),
    ],
    [250, 500, 128 * MiB, 1],
    'allocated: cpu shares 256 are 250m, the 128Mi limit is the memory request',
  );
  t.equal(node?.memoryUsedBytes.at(-1), WORKING_SET, "the node's used memory is its one pod's");
  t.equal(node?.cpuUsedMillicores.length, answer.timesMillis.length, 'one node value per time');

  t.test('since: only the samples taken after it', async (t) => {
    const since = answer.timesMillis.at(-2) ?? 0;
    const later = await history({
      sandboxId: pod,
      since: { seconds: Math.floor(since / 1000), nanos: (since % 1000) * 1e6 },
    });
    t.ok(later.timesMillis.length >= 1);
    t.ok(
      later.timesMillis.every((time) => time > since),
      'every time is after since',
    );
    t.equal(later.pods[0]?.containers.length, 0, 'without containers: the pod only');
  });

  t.test('one container by id', async (t) => {
    const one = await history({ containerId: app });
    t.strictSame(
      one.pods.map((entry) => [entry.sandboxId, entry.containers.map((c) => c.containerId)]),
      [[pod, [app]]],
    );
  });

  t.test('bad ids: INVALID_ARGUMENT or NOT_FOUND, naming the field', async (t) => {
    t.equal(await codeOf(history({ sandboxId: 'no/such' })), status.INVALID_ARGUMENT);
    await t.rejects(history({ sandboxId: 'nosuchpod' }), {
      code: status.NOT_FOUND,
      details: /^sandbox_id: /,
    });
    await t.rejects(history({ containerId: 'nosuchcontainer' }), {
      code: status.NOT_FOUND,
      details: /^container_id: /,
    });
  });

  t.test("a removed pod's history goes with it", async (t) => {
    await ctlOk(socket, ['stopp', pod]);
    await ctlOk(socket, ['rmp', pod]);
    await t.rejects(history({ sandboxId: pod }), { code: status.NOT_FOUND });
    t.strictSame((await history()).pods, [], 'no pod left to list');
  });
});

t.test('--history-length 0: no history, History answers FAILED_PRECONDITION', async (t) => {
  const { socket } = await startInProcessDaemon(t, { history: { resolutionMs: 10_000, length: 0 } });
  const inspect = new InspectClient(`unix:${socket}`, credentials.createInsecure());
  t.teardown(() => inspect.close());
  await t.rejects(
    unary((callback) => inspect.history({ sandboxId: '', containers: false, containerId: '' }, callback)),
    { code: status.FAILED_PRECONDITION, details: /--history-length 0/ },
  );
});
