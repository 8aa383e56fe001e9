// What one /metrics scrape costs at N pods (default 10,000) of one running container each, with the usage
// annotations set: the daemon's registries filled through an in-memory supervisor (no gRPC, no disk), then
// DaemonMetrics.scrape() timed. Run: npx tsx test/bench/metrics-scrape.ts [pods]
import { performance } from 'node:perf_hooks';
import { createActor } from 'xstate';
import { containerMachine } from '../../machines/container.machine.js';
import { execMachine } from '../../machines/exec.machine.js';
import { Registries } from '../../machines/registries.js';
import { sandboxMachine } from '../../machines/sandbox.machine.js';
import { supervisorMachine } from '../../machines/supervisor.machine.js';
import { CallLog } from '../../src/calls/call-log.js';
import { AdmissionDecisions } from '../../src/node/admission-decisions.js';
import { DaemonMetrics } from '../../src/metrics/daemon-metrics.js';
import os from 'node:os';
import { ask } from '../../src/transport/ask.js';
import { UsageSampler } from '../../src/workload/sampler.js';

const pods = Number(process.argv[2] ?? 10_000);
let clock = Date.now();
const registries = new Registries();
const usage = new UsageSampler(() => clock);
const metrics = new DaemonMetrics({
  registries,
  calls: new CallLog(),
  admission: { load: { active: 0, queued: 0 }, refused: 0, maxActive: 1024, maxQueued: 16_384 },
  decisions: new AdmissionDecisions(),
  usage,
  capacity: {
    capacity: () => ({ cpu: os.cpus().length, memory: os.totalmem() }),
    allocatable: () => ({ cpu: os.cpus().length, memory: os.totalmem() }),
  },
  nodeName: 'bench',
});
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
    onTransition: metrics.onTransition,
  },
}).start();

const overhead = { cpu_request: 0.1, cpu_limit: 0.1, memory_limit: 64 << 20 };
const resources = { cpu_request: 0.25, cpu_limit: 0.5, memory_request: 64 << 20, memory_limit: 128 << 20 };
for (let n = 0; n < pods; n++) {
  const sandboxId = `sb-${n}`;
  const record = {
    config: {
      metadata: { name: `pod-${n}`, namespace: `ns-${n % 20}`, uid: `uid-${n}` },
      annotations: { 'resource-slot.io/usage-cpu': '100m', 'resource-slot.io/usage-memory': '32Mi' },
    },
  };
  await ask(supervisor, 'sandbox.create', { command: { sandboxId, record, resources: { overhead } } });
  await ask(supervisor, 'sandbox.start', { sandboxId });
  const container = {
    containerId: `c-${n}`,
    sandboxId,
    record: { cri: { containerName: 'app' } },
    resources,
  };
  await ask(supervisor, 'task.create', { command: container });
  await ask(supervisor, 'task.start', { containerId: `c-${n}`, execId: '' });
}

const times: number[] = [];
let bytes = 0;
for (let run = 0; run < 6; run++) {
  clock += 15_000;
  const started = performance.now();
  const { body } = await metrics.scrape();
  times.push(performance.now() - started);
  bytes = Buffer.byteLength(body);
}
const [first, ...rest] = times;
rest.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    pods,
    firstScrapeMs: Math.round(first ?? 0),
    medianScrapeMs: Math.round(rest[Math.floor(rest.length / 2)] ?? 0),
    megabytes: +(bytes / 1e6).toFixed(1),
    lines: (await metrics.scrape()).body.split('\n').length,
    heapMb: Math.round(process.memoryUsage().heapUsed / 1e6),
  }),
);
supervisor.stop();
metrics.close();
