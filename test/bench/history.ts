// What the usage history costs at N pods (default 10,000) of one running container each, with the usage
// annotations set: the daemon's registries filled through an in-memory supervisor (no gRPC, no disk), then
// sampling passes timed and the rings' memory measured (docs/history.md quotes this output).
// Run: npx tsx --expose-gc test/bench/history.ts [pods] [length]
import { createActor } from 'xstate';
import { containerMachine } from '../../machines/container.machine.js';
import { execMachine } from '../../machines/exec.machine.js';
import { Registries } from '../../machines/registries.js';
import { sandboxMachine } from '../../machines/sandbox.machine.js';
import { supervisorMachine } from '../../machines/supervisor.machine.js';
import { readPod } from '../../src/history/history-pass.js';
import { HistorySampler } from '../../src/history/history-sampler.js';
import { DEFAULT_HISTORY_LENGTH, DEFAULT_HISTORY_RESOLUTION_MS } from '../../src/history/settings.js';
import { UsageHistory } from '../../src/history/usage-history.js';
import { BYTES_PER_SAMPLE } from '../../src/history/usage-ring.js';
import { extractContainerResources, extractSandboxResources } from '../../src/resources/index.js';
import type { JsonObject } from '../../src/core/json.js';
import { ask } from '../../src/transport/ask.js';
import { UsageSampler } from '../../src/workload/sampler.js';

const pods = Number(process.argv[2] ?? 10_000);
const length = Number(process.argv[3] ?? DEFAULT_HISTORY_LENGTH);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
let clock = Date.now();
const registries = new Registries();
const usage = new UsageSampler(() => clock);
let pid = 1;
const supervisor = createActor(supervisorMachine, {
  input: {
    sandboxMachine,
    containerMachine,
    execMachine,
    registries,
    now: () => clock,
    allocatePid: () => ++pid,
    releasePid: () => undefined,
    reservePid: () => undefined,
    maxSandboxes: pods + 1,
    whenDurable: () => Promise.resolve(),
    applySandboxUpdate: (current) => ({ record: current.record, resources: current.resources }),
    applyResourcesUpdate: (current) => current,
    execExitStatus: () => 0,
    containerNameOf: () => 'app',
    admitSandbox: () => {},
    admitTask: (command) => command.resources,
    podChanged: () => {},
  },
}).start();

const sandboxResources = extractSandboxResources({});
const resources = extractContainerResources({
  spec: {
    annotations: { 'resources.requests.memory': '64Mi' },
    linux: {
      resources: { cpu: { shares: 256, quota: 50_000, period: 100_000 }, memory: { limit: 128 << 20 } },
    },
  },
});
for (let n = 0; n < pods; n++) {
  const sandboxId = `sb-${n}`;
  const record = {
    config: {
      metadata: { name: `pod-${n}`, namespace: `ns-${n % 20}`, uid: `uid-${n}` },
      annotations: {
        'resource-slot.io/usage-cpu': 'sine(min=50m, max=250m, period=60s)',
        'resource-slot.io/usage-memory': '32Mi',
      },
    },
  };
  await ask(supervisor, 'sandbox.create', {
    command: { sandboxId, record, resources: sandboxResources as unknown as JsonObject },
  });
  await ask(supervisor, 'sandbox.start', { sandboxId });
  const command = {
    containerId: `c-${n}`,
    sandboxId,
    record: { cri: { containerName: 'app' } },
    resources: resources as unknown as JsonObject,
  };
  await ask(supervisor, 'task.create', { command });
  await ask(supervisor, 'task.start', { containerId: `c-${n}`, execId: '' });
}

const history = new UsageHistory(
  { resolutionMs: DEFAULT_HISTORY_RESOLUTION_MS, length },
  { pods: 110, cpu: 4000, memory: 8 * 2 ** 30 },
);
// The event loop is free between slices: what matters is the longest slice, and the pass's total. Both are CPU
// time (process.cpuUsage), which a machine shared with other work inflates less than wall time.
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
let sliceStart = 0;
let longestSlice = 0;
const sliceEnded = () => (longestSlice = Math.max(longestSlice, cpuMs() - sliceStart));
const sampler = new HistorySampler({
  history,
  registries,
  usage,
  yieldToLoop: async () => {
    sliceEnded();
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = cpuMs();
  },
});
// The model's workloads are built at a container's first sample, by whichever reader comes first (kubelet's
// Stats calls on a real node): built here, so the heap measured below is the history's own.
for (const id of registries.sandboxes.ids()) readPod(registries, usage, id);
gc();
const before = process.memoryUsage();
const times: number[] = [];
const slices: number[] = [];
for (let pass = 0; pass < length + 10; pass++) {
  clock += DEFAULT_HISTORY_RESOLUTION_MS;
  let busy = 0;
  const started = cpuMs();
  sliceStart = started;
  longestSlice = 0;
  const measure = sampler.sampleNow();
  await measure;
  sliceEnded();
  busy = cpuMs() - started;
  times.push(busy);
  slices.push(longestSlice);
}
gc();
const after = process.memoryUsage();
const [first, ...rest] = times;
rest.sort((a, b) => a - b);
const { entities } = history;
const perEntity = length * BYTES_PER_SAMPLE;
console.log(
  JSON.stringify({
    pods,
    containers: entities.containers,
    length,
    bytesPerSample: BYTES_PER_SAMPLE,
    ringBytesPerPodWithOneContainer: 2 * perEntity,
    ringBytes: history.ringBytes,
    retainedSamples: history.retainedSamples,
    measuredBytesPerPod: {
      arrayBuffers: Math.round((after.arrayBuffers - before.arrayBuffers) / pods),
      heap: Math.round((after.heapUsed - before.heapUsed) / pods),
    },
    firstPassCpuMs: +(first ?? 0).toFixed(1),
    longestSliceCpuMs: +Math.max(...slices.slice(1)).toFixed(1),
    medianLongestSliceCpuMs: +(
      slices.slice(1).sort((a, b) => a - b)[Math.floor(slices.length / 2)] ?? 0
    ).toFixed(1),
    medianPassCpuMs: +(rest[Math.floor(rest.length / 2)] ?? 0).toFixed(1),
    p90PassCpuMs: +(rest[Math.floor(rest.length * 0.9)] ?? 0).toFixed(1),
  }),
);
supervisor.stop();
