// The sampler against a fixed clock: pods with known usage annotations, passes every 10 s, each value checked
// against the usage model (src/workload/) computed apart, and the node's allocated against sums done by hand.
import t from 'tap';
import { HistorySampler, PODS_PER_SLICE } from '../../src/history/history-sampler.js';
import { historyView } from '../../src/history/history-view.js';
import { UsageHistory } from '../../src/history/usage-history.js';
import { workloadFor, type WorkloadInput } from '../../src/workload/index.js';
import { UsageSampler } from '../../src/workload/sampler.js';
import { memorySupervisor } from '../helpers/memory-supervisor.js';

const MiB = 2 ** 20;
const NODE_MEMORY = 8 * 2 ** 30;
const T0 = 1_700_000_000_000;
const SINE = 'sine(min=100m, max=500m, period=60s)';
const LINEAR = 'linear(from=10Mi, perSecond=1Mi)';
/** 250m request (cpu shares 256), 500m limit, 128Mi limit. */
const RESOURCES = { cpu: { shares: 256, quota: 50_000, period: 100_000 }, memory: { limit: 128 * MiB } };

/** The sine profile's CPU time from 0 to `seconds`, in µs: the integral of mid + amp·sin(2πt/P). */
const sineUsec = (seconds: number) =>
  1e6 * (0.3 * seconds + ((0.2 * 60) / (2 * Math.PI)) * (1 - Math.cos((2 * Math.PI * seconds) / 60)));

/** The model's working set for a container of `annotations` at `elapsedMs` since its start. */
function modelWorkingSet(annotations: Record<string, string>, elapsedMs: number): number {
  const input: WorkloadInput = {
    podAnnotations: annotations,
    containerName: 'app',
    cpuRequestCores: 0.25,
    cpuLimitCores: 0.5,
    memoryRequestBytes: null,
    memoryLimitBytes: 128 * MiB,
    pidsLimit: null,
    nodeMemoryBytes: NODE_MEMORY,
    seed: 'x',
  };
  const sample = workloadFor(input).sample(elapsedMs);
  return sample.memoryUsageBytes - sample.memoryInactiveFileBytes;
}

t.test('each pass records what the model says, per container, per pod and for the node', async (t) => {
  let clock = T0;
  const pods = memorySupervisor(() => clock);
  t.teardown(() => pods.stop());
  const usage = new UsageSampler(() => clock, NODE_MEMORY);
  const history = new UsageHistory(
    { resolutionMs: 10_000, length: 4 },
    { pods: 110, cpu: 1900, memory: 4 * 2 ** 30 },
  );
  const sampler = new HistorySampler({
    history,
    registries: pods.registries,
    usage,
    yieldToLoop: async () => undefined,
  });
  const webAnnotations = { 'resource-slot.io/usage-cpu': SINE, 'resource-slot.io/usage-memory': LINEAR };
  const idleAnnotations = { 'resource-slot.io/usage-cpu': '250m', 'resource-slot.io/usage-memory': '64Mi' };
  await pods.runPod({ sandboxId: 'sb-web', name: 'web', namespace: 'shop', annotations: webAnnotations });
  await pods.createContainer({
    containerId: 'c-app',
    sandboxId: 'sb-web',
    name: 'app',
    resources: RESOURCES,
  });
  await pods.createContainer({
    containerId: 'c-side',
    sandboxId: 'sb-web',
    name: 'side',
    resources: RESOURCES,
  });
  await pods.startContainer('c-app');
  await pods.runPod({ sandboxId: 'sb-idle', name: 'idle', namespace: 'shop', annotations: idleAnnotations });
  await pods.createContainer({
    containerId: 'c-idle',
    sandboxId: 'sb-idle',
    name: 'app',
    resources: RESOURCES,
  });
  clock = T0 + 5000;
  await pods.startContainer('c-idle');

  for (const seconds of [10, 20, 30]) {
    clock = T0 + seconds * 1000;
    await sampler.sampleNow();
  }
  const view = historyView(history, pods.registries, {
    sandboxId: '',
    containerId: '',
    containers: true,
    sinceMs: null,
  });
  t.strictSame(view.timesMs, [T0 + 10_000, T0 + 20_000, T0 + 30_000]);
  const web = view.pods.find((pod) => pod.sandboxId === 'sb-web');
  const idle = view.pods.find((pod) => pod.sandboxId === 'sb-idle');
  t.strictSame([web?.namespace, web?.name, web?.state], ['shop', 'web', 'running'], 'pods by name and state');
  const app = web?.containers.find((container) => container.name === 'app')?.usage;
  const side = web?.containers.find((container) => container.name === 'side')?.usage;

  // The first pass's rate is since the start; each later one since the pass before.
  const sineRates = [
    sineUsec(10) / 10_000,
    (sineUsec(20) - sineUsec(10)) / 10_000,
    (sineUsec(30) - sineUsec(20)) / 10_000,
  ];
  t.equal(app?.first, 0);
  app?.cpuMillicores.forEach((rate, pass) =>
    t.ok(
      Math.abs(rate - (sineRates[pass] ?? NaN)) < 0.01,
      `app pass ${pass}: ${rate}m ≈ ${sineRates[pass]}m`,
    ),
  );
  t.strictSame(
    app?.memoryWorkingSetBytes,
    [10_000, 20_000, 30_000].map((ms) => modelWorkingSet(webAnnotations, ms)),
    "app's working set is the model's at each pass",
  );
  t.strictSame(side?.cpuMillicores, [0, 0, 0], 'a created container uses no CPU');
  t.strictSame(
    side?.memoryWorkingSetBytes,
    [0, 0, 0].map(() => modelWorkingSet(webAnnotations, 0)),
    "and holds the model's memory at zero time (it is live, as Usage counts it)",
  );
  t.strictSame(
    web?.usage.memoryWorkingSetBytes,
    [0, 1, 2].map(
      (pass) => (app?.memoryWorkingSetBytes[pass] ?? 0) + (side?.memoryWorkingSetBytes[pass] ?? 0),
    ),
    'a pod is its containers added up',
  );
  t.strictSame(
    idle?.usage.cpuMillicores,
    [250, 250, 250],
    'a constant 250m, started between two passes: 250m',
  );
  t.strictSame(
    idle?.usage.memoryWorkingSetBytes,
    [1, 2, 3].map(() => modelWorkingSet(idleAnnotations, 5000)),
  );

  const { node } = view;
  t.strictSame(node.cpuRequestsMillis, [750, 750, 750], 'requests: three containers of 250m');
  t.strictSame(node.cpuLimitsMillis, [1500, 1500, 1500]);
  t.strictSame(node.memoryRequestsBytes, [384 * MiB, 384 * MiB, 384 * MiB], 'no memory request: the limits');
  t.strictSame(node.memoryLimitsBytes, [384 * MiB, 384 * MiB, 384 * MiB]);
  t.strictSame(node.pods, [2, 2, 2]);
  node.cpuUsedMillicores.forEach((used, pass) =>
    t.ok(
      Math.abs(used - (web?.usage.cpuMillicores[pass] ?? 0) - 250) < 0.001,
      `node used CPU is its pods' (pass ${pass})`,
    ),
  );
  t.strictSame(view.allocatable, { pods: 110, cpu: 1900, memory: 4 * 2 ** 30 });

  t.test('since: only later passes, each series starting where it was first sampled', async (t) => {
    clock = T0 + 35_000;
    await pods.runPod({ sandboxId: 'sb-late', name: 'late', namespace: 'batch' });
    clock = T0 + 40_000;
    await sampler.sampleNow();
    const later = historyView(history, pods.registries, {
      sandboxId: '',
      containerId: '',
      containers: false,
      sinceMs: T0 + 20_000,
    });
    t.strictSame(later.timesMs, [T0 + 30_000, T0 + 40_000]);
    const late = later.pods.find((pod) => pod.sandboxId === 'sb-late')?.usage;
    t.strictSame(late, { first: 1, cpuMillicores: [0], memoryWorkingSetBytes: [0] });
    t.equal(later.pods.find((pod) => pod.sandboxId === 'sb-web')?.usage.first, 0);
    t.strictSame(later.node.pods, [2, 3]);
  });

  t.test("a stopped pod holds nothing; a removed one's history goes with it", async (t) => {
    clock = T0 + 45_000;
    await pods.stopPod('sb-idle');
    clock = T0 + 50_000;
    await sampler.sampleNow();
    const one = historyView(history, pods.registries, {
      sandboxId: 'sb-idle',
      containerId: '',
      containers: true,
      sinceMs: T0 + 40_000,
    });
    t.strictSame(
      one.pods[0]?.usage.cpuMillicores,
      [125],
      'stopped halfway through the interval: half the rate',
    );
    t.strictSame(one.pods[0]?.usage.memoryWorkingSetBytes, [0], "a stopped container's cgroup holds nothing");
    t.strictSame(one.node.pods, [2], 'the stopped pod no longer counts as allocated');
    t.strictSame(history.entities, { pods: 3, containers: 3 });
    await pods.removePod('sb-idle');
    clock = T0 + 60_000;
    await sampler.sampleNow();
    t.equal(history.pod('sb-idle'), undefined, "the removed pod's ring is gone");
    t.equal(history.container('c-idle'), undefined, 'and its container');
    t.strictSame(history.entities, { pods: 2, containers: 2 });
    t.throws(
      () =>
        historyView(history, pods.registries, {
          sandboxId: 'sb-idle',
          containerId: '',
          containers: false,
          sinceMs: null,
        }),
      /sandbox_id: no live sandbox has id "sb-idle"/,
    );
    t.throws(
      () =>
        historyView(history, pods.registries, {
          sandboxId: '',
          containerId: 'c-nope',
          containers: false,
          sinceMs: null,
        }),
      /container_id: no live container has id "c-nope"/,
    );
    t.throws(
      () =>
        historyView(history, pods.registries, {
          sandboxId: 'sb-late',
          containerId: 'c-app',
          containers: false,
          sinceMs: null,
        }),
      /container_id: container "c-app" is not in sandbox "sb-late"/,
    );
    const app = historyView(history, pods.registries, {
      sandboxId: '',
      containerId: 'c-app',
      containers: false,
      sinceMs: null,
    });
    t.strictSame(
      app.pods.map((pod) => [pod.sandboxId, pod.containers.map((container) => container.containerId)]),
      [['sb-web', ['c-app']]],
      'one container, with its pod',
    );
    t.equal(app.timesMs.length, 4, 'a ring of four holds the last four passes');
  });
});

t.test(
  'a pass runs in slices: the next one due meanwhile is skipped, and stop ends it unrecorded',
  async (t) => {
    const clock = T0;
    const pods = memorySupervisor(() => clock);
    t.teardown(() => pods.stop());
    for (let n = 0; n <= PODS_PER_SLICE; n++)
      await pods.runPod({ sandboxId: `sb-${n}`, name: `pod-${n}`, namespace: 'many' });
    const history = new UsageHistory(
      { resolutionMs: 10_000, length: 4 },
      { pods: 1000, cpu: 1000, memory: 2 ** 30 },
    );
    let turns = 0;
    let release: () => void = () => undefined;
    const sampler = new HistorySampler({
      history,
      registries: pods.registries,
      usage: new UsageSampler(() => clock, NODE_MEMORY),
      yieldToLoop: () => {
        turns++;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    const first = sampler.sampleNow();
    await sampler.sampleNow();
    t.equal(turns, 1, `${PODS_PER_SLICE + 1} pods: one turn of the loop, after the first slice`);
    t.equal(history.times.newestTick, -1, 'the pass under way is not shown yet, and the second was skipped');
    release();
    await first;
    t.equal(history.times.newestTick, 0, 'one pass ended');
    t.equal(history.entities.pods, PODS_PER_SLICE + 1);

    const second = sampler.sampleNow();
    sampler.stop();
    release();
    await second;
    t.equal(history.times.newestTick, 0, 'stopped in the middle: the pass is dropped');
    await sampler.sampleNow();
    t.equal(history.times.newestTick, 0, 'and none runs after stop');
  },
);
