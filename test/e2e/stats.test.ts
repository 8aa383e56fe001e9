import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { Metrics } from '../../src/generated/cgroups/v2/metrics.js';
import type { Any } from '../../src/generated/google/protobuf/any.js';
import { CGROUP_V2_METRICS_TYPE_URL } from '../../src/stats/cgroup-metrics.js';
import { codeOf, sandboxDirs, startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig, status } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';

/**
 * Task Stats and Controller Metrics answer the simulated usage (src/workload/) as cgroup v2 Metrics, over gRPC
 * against the real daemon: the annotated rates, a CPU counter that grows with time, the pod as the sum.
 */
const MiB = 1024 * 1024;
const daemon = await startDaemon(t);
const api = controllerCalls(daemon.controller);

function decoded(any: Any | undefined): Metrics {
  if (!any) throw new Error('no metrics in the answer');
  if (any.typeUrl !== CGROUP_V2_METRICS_TYPE_URL) throw new Error(`type URL ${any.typeUrl}`);
  return Metrics.decode(any.value);
}

async function annotatedPod(id: string, annotations: Record<string, string>) {
  const config = podConfig({}, id);
  config.annotations = { ...config.annotations, ...annotations };
  await api.create(createRequest(id, config));
  return api.start(id);
}

t.test('Stats: the annotated usage, a CPU counter that grows at the annotated rate', async (t) => {
  const started = await annotatedPod('stats-pod', {
    'resource-slot.io/usage-cpu': '500m',
    'resource-slot.io/usage-memory': '64Mi',
  });
  const client = taskClient(started.address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  const bundle = writeBundle(daemon.tmp, 'stats-ctr', 'stats-pod', { memory: { limit: 256 * MiB } });
  await tasks.create('stats-ctr', bundle);
  await tasks.start('stats-ctr');
  const first = decoded((await tasks.stats('stats-ctr')).stats);
  const from = Date.now();
  await sleep(400);
  const second = decoded((await tasks.stats('stats-ctr')).stats);
  const elapsedUsec = (Date.now() - from) * 1000;
  t.equal(second.memory?.usage, 64 * MiB, 'memory.usage is the annotated 64Mi');
  t.equal(second.memory?.usageLimit, 256 * MiB, 'usage_limit is the container memory limit');
  const grown = (second.cpu?.usageUsec ?? 0) - (first.cpu?.usageUsec ?? 0);
  t.ok(
    grown > 0.5 * elapsedUsec * 0.6 && grown < 0.5 * elapsedUsec * 1.6,
    `CPU grew ${grown} µs in ${elapsedUsec} µs`,
  );
  t.equal(
    (second.cpu?.userUsec ?? 0) + (second.cpu?.systemUsec ?? 0),
    second.cpu?.usageUsec,
    'user + system',
  );
  t.equal(second.pids?.current, 1, 'one process: the init process');

  const pod = await api.metrics('stats-pod');
  t.equal(pod.metrics?.id, 'stats-pod', 'Metrics names the sandbox');
  t.equal(decoded(pod.metrics?.data).memory?.usage, 64 * MiB, 'the pod is the sum of its one container');

  await tasks.kill('stats-ctr', 9);
  const stopped = decoded((await tasks.stats('stats-ctr')).stats);
  await sleep(200);
  const later = decoded((await tasks.stats('stats-ctr')).stats);
  t.equal(later.cpu?.usageUsec, stopped.cpu?.usageUsec, 'a stopped container keeps its last sample');
  await tasks.delete('stats-ctr');
  t.equal(await codeOf(tasks.stats('stats-ctr')), status.NOT_FOUND, 'a deleted container is NOT_FOUND');
});

t.test('without annotations: a default that is never zero (metrics-server drops zero samples)', async (t) => {
  const started = await annotatedPod('default-pod', {});
  const client = taskClient(started.address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  await tasks.create('default-ctr', writeBundle(daemon.tmp, 'default-ctr', 'default-pod'));
  await tasks.start('default-ctr');
  await sleep(50);
  const sample = decoded((await tasks.stats('default-ctr')).stats);
  t.ok((sample.cpu?.usageUsec ?? 0) > 0, 'CPU is not zero');
  t.ok((sample.memory?.usage ?? 0) > 0, 'memory is not zero');
  t.equal(await codeOf(api.metrics('no-such-pod')), status.NOT_FOUND, 'Metrics of an unknown sandbox');
});

t.test(
  'a bad usage annotation: Create answers INVALID_ARGUMENT naming the key, nothing written',
  async (t) => {
    const before = sandboxDirs(daemon.dir);
    const config = podConfig({}, 'bad-pod');
    config.annotations = { ...config.annotations, 'resource-slot.io/usage-cpu': 'sine(min=1, period=10s)' };
    const answer = await api
      .create(createRequest('bad-pod', config))
      .catch((error: { code: number; details: string }) => error);
    t.equal((answer as { code: number }).code, status.INVALID_ARGUMENT);
    t.match((answer as { details: string }).details, /resource-slot\.io\/usage-cpu/);
    t.same(sandboxDirs(daemon.dir), before, 'no sandbox directory');
    t.equal(await codeOf(api.status('bad-pod')), status.NOT_FOUND, 'no sandbox');
  },
);
