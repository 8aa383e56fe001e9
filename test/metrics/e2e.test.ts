import os from 'node:os';
import t from 'tap';
import { Metrics } from '../../src/generated/cgroups/v2/metrics.js';
import type { Any } from '../../src/generated/google/protobuf/any.js';
import { LinuxContainerResources } from '../../src/generated/runtime/v1/api.js';
import { codeOf, startDaemon } from '../helpers/daemon.js';
import { Scrape } from '../helpers/prometheus-text.js';
import { controllerCalls, createRequest, podConfig, status } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';
import { get } from '../debug/helpers/event-stream.js';

/**
 * /metrics of the real daemon (--metrics-listen 127.0.0.1:0) after a known sequence of Controller and Task calls
 * over its sockets, each scrape read back with a Prometheus text-format parser: names, labels and values.
 */
const MiB = 1024 * 1024;
const daemon = await startDaemon(t, ['--metrics-listen', '127.0.0.1:0', '--node-name', 'node-e2e']);
const api = controllerCalls(daemon.controller);

/** The scrape URL the daemon logged (port 0 asked it to pick one). */
const url = ((): string => {
  for (const line of daemon.logs().split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    if (entry.msg === 'metrics server listening' && entry.url) return entry.url;
  }
  throw new Error(`the daemon logged no metrics url:\n${daemon.logs()}`);
})();

async function scrape(): Promise<Scrape> {
  const answer = await get(url);
  if (answer.status !== 200) throw new Error(`GET ${url}: ${answer.status} ${answer.body}`);
  return new Scrape(answer.body);
}

function decoded(any: Any | undefined): Metrics {
  if (!any) throw new Error('no stats in the answer');
  return Metrics.decode(any.value);
}

const pod = (name: string) => ({ namespace: 'default', pod: name, uid: `${name}-uid` });

t.test('the scrape URL is on loopback, and the server answers nothing but GET /metrics', async (t) => {
  t.match(new URL(url), { protocol: 'http:', hostname: '127.0.0.1', pathname: '/metrics' });
  const ok = await get(url);
  t.equal(ok.type, 'text/plain; version=0.0.4; charset=utf-8', "Prometheus' text format");
  t.equal((await get(new URL('/other', url).href)).status, 404);
  t.equal((await get(url, {}, 'POST')).status, 405);
  t.equal((await get(url, { host: 'rebound.example' })).status, 403, 'a DNS-rebound host name is refused');
});

t.test('before any call: no pods, no calls, every live state at 0, the host as the node', async (t) => {
  const got = await scrape();
  t.same(got.samples('kube_pod_container_resource_requests'), []);
  t.same(got.samples('resource_slot_calls_total'), []);
  for (const machine of ['sandbox', 'container', 'exec'])
    t.equal(got.value('resource_slot_live_actors', { machine, state: 'running' }), 0, machine);
  t.equal(
    got.value('kube_node_status_capacity', { node: 'node-e2e', resource: 'cpu', unit: 'core' }),
    os.cpus().length,
  );
  t.equal(
    got.value('kube_node_status_allocatable', { node: 'node-e2e', resource: 'memory', unit: 'byte' }),
    os.totalmem() - 100 * 2 ** 20,
    "the host's memory less kubelet's default hard eviction threshold (memory.available<100Mi)",
  );
  const recovery = got.value('resource_slot_recovery_duration_seconds');
  t.ok(recovery !== undefined && recovery >= 0 && recovery < 60, `recovery took ${recovery} s`);
});

t.test('two pods with known resources, then one removed', async (t) => {
  const web = podConfig({ cpuQuota: 100_000, cpuPeriod: 100_000 }, 'web');
  web.annotations = { ...web.annotations, 'resource-slot.io/usage-memory': '64Mi' };
  web.linux!.overhead = LinuxContainerResources.fromPartial({ cpuShares: 102, memoryLimitInBytes: 32 * MiB });
  await api.create(createRequest('sb-web', web));
  await api.create(createRequest('sb-db', podConfig({}, 'db')));
  t.equal(await codeOf(api.create(createRequest('sb-db', podConfig({}, 'db')))), status.ALREADY_EXISTS);
  t.equal(await codeOf(api.start('sb-absent')), status.NOT_FOUND);
  const started = await api.start('sb-web');
  await api.start('sb-db');
  const client = taskClient(started.address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  const appBundle = writeBundle(
    daemon.tmp,
    'c-app',
    'sb-web',
    {
      cpu: { shares: 256, quota: 50_000, period: 100_000 },
      memory: { limit: 128 * MiB, reservation: 64 * MiB },
    },
    'app',
  );
  await tasks.create('c-app', appBundle);
  await tasks.create('c-db', writeBundle(daemon.tmp, 'c-db', 'sb-db', { cpu: { shares: 1024 } }, 'postgres'));
  const beforeStart = Date.now();
  await tasks.start('c-app');
  const afterStart = Date.now();
  await tasks.start('c-db');

  const statsBefore = decoded((await tasks.stats('c-app')).stats);
  const got = await scrape();
  const statsAfter = decoded((await tasks.stats('c-app')).stats);

  const app = { ...pod('web'), container: 'app', node: 'node-e2e' };
  const postgres = { ...pod('db'), container: 'postgres', node: 'node-e2e' };
  t.same(got.samples('kube_pod_container_resource_requests'), [
    { labels: { ...app, resource: 'cpu', unit: 'core' }, value: 0.25 },
    { labels: { ...app, resource: 'memory', unit: 'byte' }, value: 64 * MiB },
    { labels: { ...postgres, resource: 'cpu', unit: 'core' }, value: 1 },
  ]);
  t.same(got.samples('kube_pod_container_resource_limits'), [
    { labels: { ...app, resource: 'cpu', unit: 'core' }, value: 0.5 },
    { labels: { ...app, resource: 'memory', unit: 'byte' }, value: 128 * MiB },
  ]);
  t.same(got.samples('kube_pod_overhead_cpu_cores'), [{ labels: pod('web'), value: 0.1 }]);
  t.same(got.samples('kube_pod_overhead_memory_bytes'), [{ labels: pod('web'), value: 32 * MiB }]);

  const appUsage = { container: 'app', namespace: 'default', pod: 'web' };
  const workingSet = (statsAfter.memory?.usage ?? 0) - (statsAfter.memory?.inactiveFile ?? 0);
  t.equal(got.value('container_memory_working_set_bytes', appUsage), workingSet, 'what task Stats says');
  const cpu = got.value('container_cpu_usage_seconds_total', appUsage) ?? -1;
  t.ok(
    cpu >= (statsBefore.cpu?.usageUsec ?? 0) / 1e6 && cpu <= (statsAfter.cpu?.usageUsec ?? 0) / 1e6,
    `cpu ${cpu} s lies between the Stats taken around the scrape`,
  );
  const start = got.value('container_start_time_seconds', appUsage) ?? -1;
  t.ok(start >= beforeStart / 1000 && start <= afterStart / 1000, `started at ${start}`);
  const podCpu = got.value('pod_cpu_usage_seconds_total', { namespace: 'default', pod: 'web' });
  t.equal(podCpu, cpu, 'a pod of one running container is that container');

  const calls = (service: string, method: string, code: string) =>
    got.value('resource_slot_calls_total', { service, method, code });
  t.equal(calls('Controller', 'Create', 'OK'), 2, 'two Creates');
  t.equal(calls('Controller', 'Create', 'ALREADY_EXISTS'), 1);
  t.equal(calls('Controller', 'Start', 'NOT_FOUND'), 1);
  t.equal(calls('Controller', 'Start', 'OK'), 2);
  t.equal(calls('Task', 'Create', 'OK'), 2);
  t.equal(calls('Task', 'Start', 'OK'), 2);
  t.equal(
    got.histogram('resource_slot_call_duration_seconds', {
      service: 'Controller',
      method: 'Create',
      code: 'OK',
    })?.count,
    2,
    'each call timed once',
  );

  t.equal(got.value('resource_slot_live_actors', { machine: 'sandbox', state: 'running' }), 2);
  t.equal(got.value('resource_slot_live_actors', { machine: 'container', state: 'running' }), 2);
  t.equal(
    got.value('resource_slot_transitions_total', { machine: 'sandbox', from: 'none', to: 'created' }),
    2,
  );
  t.equal(
    got.value('resource_slot_transitions_total', { machine: 'sandbox', from: 'created', to: 'running' }),
    2,
  );
  t.equal(
    got.value('resource_slot_transitions_total', { machine: 'container', from: 'created', to: 'running' }),
    2,
  );

  // Each call is answered once its state is durable, and these came one at a time: one sandbox per batch, each
  // batch fsyncing at least its sandbox.json.
  const batches = got.histogram('resource_slot_writer_batch_sandboxes');
  t.same(
    { count: batches?.count, sum: batches?.sum },
    { count: 8, sum: 8 },
    '2 Creates, 2 Starts, 2 task Creates, 2 task Starts',
  );
  t.ok((got.histogram('resource_slot_writer_fsync_duration_seconds')?.count ?? 0) >= 8);
  t.equal(got.value('resource_slot_admission_refused_total'), 0);
  t.equal(got.value('resource_slot_admission_active'), 0, 'a scrape is no gRPC call');
  t.same(
    got.samples('resource_slot_admission_decisions_total'),
    [{ labels: { decision: 'admitted', reason: '' }, value: 4 }],
    'the node admitted 2 sandbox Creates and 2 task Creates, none past allocatable',
  );

  await api.stop('sb-db');
  await api.shutdown('sb-db');
  const after = await scrape();
  t.equal(
    after.value('kube_pod_container_resource_requests', { ...postgres, resource: 'cpu', unit: 'core' }),
    undefined,
    'gone with its pod',
  );
  t.equal(after.value('resource_slot_live_actors', { machine: 'sandbox', state: 'running' }), 1);
  t.equal(
    after.value('resource_slot_transitions_total', { machine: 'sandbox', from: 'stopped', to: 'deleted' }),
    1,
  );
  t.equal(
    after.value('resource_slot_transitions_total', { machine: 'container', from: 'stopped', to: 'deleted' }),
    1,
  );
});
