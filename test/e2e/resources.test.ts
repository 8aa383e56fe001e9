import path from 'node:path';
import t from 'tap';
import { PodSandboxConfig } from '../../src/generated/runtime/v1/api.js';
import { readJson, startDaemon, sandboxDirs } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig, status } from '../helpers/requests.js';

const Mi = 1024 ** 2;
const Gi = 1024 ** 3;

/** What kubelet sends for a pod of two containers (requests 250m/64Mi and 500m/128Mi, limits 1/256Mi each). */
function kubeletPod(annotations: Record<string, string> = {}): PodSandboxConfig {
  const config = podConfig({
    cpuShares: 768,
    cpuQuota: 200000,
    cpuPeriod: 100000,
    memoryLimitInBytes: 512 * Mi,
  });
  config.annotations = annotations;
  config.linux!.overhead = PodSandboxConfig.fromPartial({
    linux: { overhead: { cpuShares: 256, cpuQuota: 25000, cpuPeriod: 100000, memoryLimitInBytes: 64 * Mi } },
  }).linux!.overhead;
  return config;
}

t.test('resources.json holds exactly what the pod asked for', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  const config = kubeletPod({
    'kubernetes.io/ingress-bandwidth': '10M',
    'kubernetes.io/egress-bandwidth': '1G',
    'resources.limits.ephemeral-storage': '2Gi',
    'resources.limits.pid': '1000',
  });
  await api.create(createRequest('kubelet-pod', config));
  const doc = readJson(path.join(daemon.dir, 'kubelet-pod', 'resources.json')) as Record<string, unknown>;
  t.equal(doc.state, 'created');
  t.equal(doc.cpu_limit, 2);
  t.equal(doc.cpu_request, 0.75);
  t.equal(doc.memory_limit, 512 * Mi);
  t.equal(doc.memory_request, null);
  t.equal(doc.pid_limit, 1000);
  t.equal(doc.storage_limit, 2 * Gi);
  t.same(doc.network_bandwidth, { ingress: 10_000_000, egress: 1_000_000_000 });
  t.same(doc.overhead, { cpu_limit: 0.25, cpu_request: 0.25, memory_limit: 64 * Mi });
  t.same(doc.containers, []);
  const totals = doc.totals as Record<string, number | null>;
  t.equal(totals.cpu_limit, 2.25, 'totals add the overhead');
  t.equal(totals.cpu_request, 1);
  t.equal(totals.memory_limit, 576 * Mi);
  const sources = doc.sources as Record<string, string>;
  t.equal(sources.cpu_limit, 'linux.resources.cpu_quota');
  t.match(sources.storage_limit, /annotation/);
  for (const value of [doc.cpu_limit, doc.memory_limit, doc.storage_limit]) t.type(value, 'number');

  const status = await api.status('kubelet-pod', true);
  const info = JSON.parse(status.info.info ?? '{}') as { resources: Record<string, unknown> };
  t.equal(info.resources.cpu_request, 0.75, 'Status(verbose) carries the same ResourceInfo');
  t.match(daemon.logs(), /"resources":\{[^]*"cpu_request":0.75[^]*"msg":"Extracted sandbox resources"/);
});

t.test('annotations take precedence over linux.resources', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  await api.create(
    createRequest(
      'annotated',
      kubeletPod({ 'resources.limits.cpu': '3', 'resources.requests.memory': '100Mi' }),
    ),
  );
  const doc = readJson(path.join(daemon.dir, 'annotated', 'resources.json')) as Record<string, unknown>;
  t.equal(doc.cpu_limit, 3);
  t.equal(doc.memory_request, 100 * Mi);
  t.equal((doc.sources as Record<string, string>).cpu_limit, 'annotation:resources.limits.cpu');
});

t.test('invalid resources are rejected with the field named, and nothing is stored', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  const cases: Array<[string, PodSandboxConfig, RegExp]> = [
    ['bad-quantity', kubeletPod({ 'resources.limits.cpu': '1K' }), /resources\.limits\.cpu/],
    ['request-over-limit', kubeletPod({ 'resources.requests.memory': '1Gi' }), /memory/],
    ['bandwidth-too-low', kubeletPod({ 'kubernetes.io/ingress-bandwidth': '10' }), /ingress-bandwidth/],
    ['quota-no-period', podConfig({ cpuQuota: 50000, cpuPeriod: 0 }), /cpu_quota/],
  ];
  for (const [id, config, field] of cases) {
    const error = (await api.create(createRequest(id, config)).catch((caught: unknown) => caught)) as {
      code: number;
      details: string;
    };
    t.equal(error.code, status.INVALID_ARGUMENT, `${id}: INVALID_ARGUMENT`);
    t.match(error.details, field, `${id}: names the field (${error.details})`);
  }
  t.same(sandboxDirs(daemon.dir), [], 'nothing reached the disk');
});
