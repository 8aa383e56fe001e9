import t from 'tap';
import { createActor, type Actor } from 'xstate';
import { containerMachine } from '../../machines/container.machine.js';
import { execMachine } from '../../machines/exec.machine.js';
import { Registries } from '../../machines/registries.js';
import { sandboxMachine } from '../../machines/sandbox.machine.js';
import { supervisorMachine, type SupervisorMachine } from '../../machines/supervisor.machine.js';
import { usageView } from '../../machines/supervisor/views.js';
import { CallLog } from '../../src/calls/call-log.js';
import type { JsonObject } from '../../src/core/json.js';
import { AdmissionDecisions } from '../../src/node/admission-decisions.js';
import { DaemonMetrics } from '../../src/metrics/daemon-metrics.js';
import { ask } from '../../src/transport/ask.js';
import { UsageSampler } from '../../src/workload/sampler.js';
import { Scrape } from '../helpers/prometheus-text.js';

/**
 * DaemonMetrics over an in-memory supervisor (no gRPC, no disk) and a clock the test moves: every series after a
 * known sequence, read back through a Prometheus text-format parser. The real daemon's /metrics has its own test
 * (e2e.test.ts); this one reaches what a daemon cannot be made to do on cue (a full admission queue, a fsync).
 */
const MiB = 1024 * 1024;
const START = 1_700_000_000_000;

function setup() {
  let clock = START;
  const registries = new Registries();
  const calls = new CallLog(16);
  const admission = { load: { active: 3, queued: 7 }, refused: 2, maxActive: 1024, maxQueued: 16_384 };
  const decisions = new AdmissionDecisions();
  const usage = new UsageSampler(() => clock, 8 * 1024 * MiB);
  const capacity = {
    capacity: () => ({ cpu: 8, memory: 32 * 1024 * MiB, 'ephemeral-storage': 100e9 }),
    allocatable: () => ({ cpu: 7.5, memory: 30 * 1024 * MiB }),
  };
  const metrics = new DaemonMetrics({
    registries,
    calls,
    admission,
    decisions,
    usage,
    capacity,
    nodeName: 'node-a',
  });
  let pid = 100;
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
      maxSandboxes: 10,
      whenDurable: () => Promise.resolve(),
      applySandboxUpdate: (current) => ({ record: current.record, resources: current.resources }),
      applyResourcesUpdate: (current) => current,
      execExitStatus: () => 0,
      containerNameOf: () => '',
      admitSandbox: () => {},
      admitTask: (command) => command.resources,
      podChanged: () => {},
      onTransition: metrics.onTransition,
    },
  }).start();
  t.teardown(() => {
    supervisor.stop();
    metrics.close();
  });
  const scrape = async () => new Scrape((await metrics.scrape()).body);
  const advance = (ms: number) => (clock += ms);
  return { registries, calls, admission, decisions, usage, metrics, supervisor, scrape, advance };
}

/** A pod as kubelet creates it: metadata in the PodSandboxConfig, the usage annotations, overhead in resources. */
async function runPod(s: Actor<SupervisorMachine>, id: string, name: string, overhead: JsonObject | null) {
  const record = {
    config: {
      metadata: { name, namespace: 'shop', uid: `${name}-uid` },
      annotations: { 'resource-slot.io/usage-cpu': '250m', 'resource-slot.io/usage-memory': '40Mi' },
    },
  };
  await ask(s, 'sandbox.create', { command: { sandboxId: id, record, resources: { overhead } } });
  await ask(s, 'sandbox.start', { sandboxId: id });
}

async function runContainer(
  s: Actor<SupervisorMachine>,
  sandboxId: string,
  id: string,
  resources: JsonObject,
) {
  const record = { cri: { containerName: 'app' } };
  await ask(s, 'task.create', { command: { containerId: id, sandboxId, record, resources } });
  await ask(s, 'task.start', { containerId: id, execId: '' });
}

t.test('kube-state-metrics series: requests, limits, overhead per pod, node capacity', async (t) => {
  const { supervisor, scrape } = setup();
  await runPod(supervisor, 'sb-web', 'web', { cpu_request: 0.1, cpu_limit: 0.1, memory_limit: 64 * MiB });
  await runContainer(supervisor, 'sb-web', 'c-web', {
    cpu_request: 0.25,
    cpu_limit: 0.5,
    memory_request: 64 * MiB,
    memory_limit: 128 * MiB,
    storage_limit: 1e9,
  });
  await runPod(supervisor, 'sb-db', 'db', null);
  await runContainer(supervisor, 'sb-db', 'c-db', { cpu_request: 1, memory_limit: null });
  const got = await scrape();
  const web = { namespace: 'shop', pod: 'web', uid: 'web-uid', container: 'app', node: 'node-a' };
  const db = { namespace: 'shop', pod: 'db', uid: 'db-uid', container: 'app', node: 'node-a' };
  const requests = 'kube_pod_container_resource_requests';
  t.equal(got.type(requests), 'GAUGE');
  t.same(
    got.samples(requests),
    [
      { labels: { ...web, resource: 'cpu', unit: 'core' }, value: 0.25 },
      { labels: { ...web, resource: 'memory', unit: 'byte' }, value: 64 * MiB },
      { labels: { ...db, resource: 'cpu', unit: 'core' }, value: 1 },
    ],
    'a series per set request, none for an unset one',
  );
  t.same(got.samples('kube_pod_container_resource_limits'), [
    { labels: { ...web, resource: 'cpu', unit: 'core' }, value: 0.5 },
    { labels: { ...web, resource: 'memory', unit: 'byte' }, value: 128 * MiB },
    { labels: { ...web, resource: 'ephemeral_storage', unit: 'byte' }, value: 1e9 },
  ]);
  const webPod = { namespace: 'shop', pod: 'web', uid: 'web-uid' };
  t.same(got.samples('kube_pod_overhead_cpu_cores'), [{ labels: webPod, value: 0.1 }]);
  t.same(got.samples('kube_pod_overhead_memory_bytes'), [{ labels: webPod, value: 64 * MiB }]);
  t.same(got.samples('kube_node_status_capacity'), [
    { labels: { node: 'node-a', resource: 'cpu', unit: 'core' }, value: 8 },
    { labels: { node: 'node-a', resource: 'memory', unit: 'byte' }, value: 32 * 1024 * MiB },
    { labels: { node: 'node-a', resource: 'ephemeral_storage', unit: 'byte' }, value: 100e9 },
  ]);
  t.same(got.samples('kube_node_status_allocatable'), [
    { labels: { node: 'node-a', resource: 'cpu', unit: 'core' }, value: 7.5 },
    { labels: { node: 'node-a', resource: 'memory', unit: 'byte' }, value: 30 * 1024 * MiB },
  ]);

  await ask(supervisor, 'sandbox.shutdown', { sandboxId: 'sb-db' });
  const after = await scrape();
  t.equal(after.value(requests, { ...db, resource: 'cpu', unit: 'core' }), undefined, 'a removed pod leaves');
  t.equal(after.value(requests, { ...web, resource: 'cpu', unit: 'core' }), 0.25, 'the others stay');
});

t.test(
  'kubelet usage series: what the usage model samples, per running container and summed per pod',
  async (t) => {
    const { supervisor, registries, usage, scrape, advance } = setup();
    await runPod(supervisor, 'sb-web', 'web', null);
    await runContainer(supervisor, 'sb-web', 'c-1', {});
    await ask(supervisor, 'task.create', {
      command: {
        containerId: 'c-2',
        sandboxId: 'sb-web',
        record: { cri: { containerName: 'side' } },
        resources: {},
      },
    });
    await ask(supervisor, 'task.start', { containerId: 'c-2', execId: '' });
    await ask(supervisor, 'task.create', {
      command: {
        containerId: 'c-3',
        sandboxId: 'sb-web',
        record: { cri: { containerName: 'never' } },
        resources: {},
      },
    });
    advance(10_000);
    let sampled = 0;
    const sample = usage.sample.bind(usage);
    usage.sample = (view) => (sampled++, sample(view));
    const got = await scrape();
    t.equal(sampled, 2, 'one sample per running container, shared by the five usage series');
    usage.sample = sample;
    const sandbox = registries.sandboxes.get('sb-web')!;
    const sampleOf = (id: string) =>
      usage.sample(usageView(registries, sandbox, registries.containers.get(id)!));
    const pod = { namespace: 'shop', pod: 'web' };
    let cpu = 0;
    let workingSet = 0;
    for (const [id, container] of [
      ['c-1', 'app'],
      ['c-2', 'side'],
    ] as const) {
      const sample = sampleOf(id);
      t.ok(sample.cpuUsageUsec > 0, 'the model ran for 10 s');
      cpu += sample.cpuUsageUsec / 1e6;
      workingSet += sample.memoryUsageBytes - sample.memoryInactiveFileBytes;
      const labels = { ...pod, container };
      t.equal(got.value('container_cpu_usage_seconds_total', labels), sample.cpuUsageUsec / 1e6, `${id} cpu`);
      t.equal(
        got.value('container_memory_working_set_bytes', labels),
        sample.memoryUsageBytes - sample.memoryInactiveFileBytes,
        `${id} working set: usage less inactive file`,
      );
      t.equal(got.value('container_start_time_seconds', labels), START / 1000, `${id} start`);
    }
    t.equal(got.type('container_cpu_usage_seconds_total'), 'COUNTER');
    t.equal(
      got.value('container_start_time_seconds', { ...pod, container: 'never' }),
      undefined,
      'never started',
    );
    t.equal(
      got.value('pod_cpu_usage_seconds_total', pod),
      cpu,
      'the pod is the sum of its running containers',
    );
    t.equal(got.value('pod_memory_working_set_bytes', pod), workingSet);
    t.equal(got.type('pod_cpu_usage_seconds_total'), 'COUNTER');

    await ask(supervisor, 'task.kill', { containerId: 'c-2', execId: '', signal: 9, all: false });
    const after = await scrape();
    t.equal(
      after.value('container_cpu_usage_seconds_total', { ...pod, container: 'side' }),
      undefined,
      'exited',
    );
    t.equal(after.value('pod_cpu_usage_seconds_total', pod), sampleOf('c-1').cpuUsageUsec / 1e6);
  },
);

t.test('the daemon: live actors, transitions, calls, writer, recovery, admission', async (t) => {
  const { supervisor, calls, decisions, metrics, scrape } = setup();
  await runPod(supervisor, 'sb-1', 'one', null);
  await runPod(supervisor, 'sb-2', 'two', null);
  await ask(supervisor, 'sandbox.stop', { sandboxId: 'sb-2' });
  await runContainer(supervisor, 'sb-1', 'c-1', {});
  for (let n = 0; n < 3; n++) {
    const base = {
      atMs: START,
      service: 'Controller' as const,
      sandboxId: 'sb-1',
      containerId: '',
      execId: '',
    };
    calls.record({ ...base, method: 'Create', code: 'OK', fault: '', durationMs: 2 });
  }
  calls.record({
    atMs: START,
    service: 'Task',
    method: 'Create',
    sandboxId: 'sb-1',
    containerId: 'c-1',
    execId: '',
    code: 'NOT_FOUND',
    fault: '',
    durationMs: 40,
  });
  metrics.writer.batchWritten(3);
  metrics.writer.batchWritten(1);
  metrics.writer.fsynced(0.003);
  metrics.recovered(1.25);
  decisions.record('rejected', 'OutOfcpu');
  decisions.record('rejected', 'OutOfcpu');
  decisions.record('admitted', '');
  const got = await scrape();

  t.equal(got.value('resource_slot_live_actors', { machine: 'sandbox', state: 'running' }), 1);
  t.equal(got.value('resource_slot_live_actors', { machine: 'sandbox', state: 'stopped' }), 1);
  t.equal(
    got.value('resource_slot_live_actors', { machine: 'sandbox', state: 'created' }),
    0,
    'zero, not absent',
  );
  t.equal(got.value('resource_slot_live_actors', { machine: 'container', state: 'running' }), 1);
  t.equal(got.value('resource_slot_live_actors', { machine: 'exec', state: 'running' }), 0);

  const transitions = 'resource_slot_transitions_total';
  t.equal(got.type(transitions), 'COUNTER');
  t.same(got.samples(transitions), [
    { labels: { machine: 'sandbox', from: 'none', to: 'created' }, value: 2 },
    { labels: { machine: 'sandbox', from: 'created', to: 'running' }, value: 2 },
    { labels: { machine: 'sandbox', from: 'running', to: 'stopped' }, value: 1 },
    { labels: { machine: 'container', from: 'none', to: 'created' }, value: 1 },
    { labels: { machine: 'container', from: 'created', to: 'running' }, value: 1 },
  ]);

  const created = { service: 'Controller', method: 'Create', code: 'OK' };
  t.equal(got.value('resource_slot_calls_total', created), 3);
  t.equal(
    got.value('resource_slot_calls_total', { service: 'Task', method: 'Create', code: 'NOT_FOUND' }),
    1,
  );
  const durations = got.histogram('resource_slot_call_duration_seconds', created);
  t.equal(durations?.count, 3);
  t.equal(durations?.sum, 0.006);
  t.equal(durations?.buckets['0.001'], 0, 'in seconds: 2 ms is above the 1 ms bucket');
  t.equal(durations?.buckets['0.0025'], 3);

  t.same(got.histogram('resource_slot_writer_batch_sandboxes'), {
    count: 2,
    sum: 4,
    buckets: {
      '1': 1,
      '2': 1,
      '5': 2,
      '10': 2,
      '20': 2,
      '50': 2,
      '100': 2,
      '200': 2,
      '500': 2,
      '1000': 2,
      '2000': 2,
      '5000': 2,
      '+Inf': 2,
    },
  });
  const fsyncs = got.histogram('resource_slot_writer_fsync_duration_seconds');
  t.equal(fsyncs?.count, 1);
  t.equal(fsyncs?.buckets['0.0025'], 0);
  t.equal(fsyncs?.buckets['0.005'], 1);
  t.equal(got.value('resource_slot_recovery_duration_seconds'), 1.25);

  t.equal(got.value('resource_slot_admission_active'), 3);
  t.equal(got.value('resource_slot_admission_queued'), 7);
  t.equal(got.value('resource_slot_admission_max_active'), 1024);
  t.equal(got.value('resource_slot_admission_max_queued'), 16_384);
  t.equal(got.value('resource_slot_admission_refused_total'), 2);
  t.equal(got.type('resource_slot_admission_refused_total'), 'COUNTER');
  t.same(got.samples('resource_slot_admission_decisions_total'), [
    { labels: { decision: 'rejected', reason: 'OutOfcpu' }, value: 2 },
    { labels: { decision: 'admitted', reason: '' }, value: 1 },
  ]);

  metrics.close();
  calls.record({
    ...{ atMs: START, service: 'Controller', sandboxId: '', containerId: '', execId: '' },
    method: 'Create',
    code: 'OK',
    fault: '',
    durationMs: 1,
  });
  t.equal(
    (await scrape()).value('resource_slot_calls_total', created),
    3,
    'closed: calls are no longer counted',
  );
});
