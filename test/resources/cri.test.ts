import t from 'tap';
import { PodSandboxConfig } from '../../src/generated/runtime/v1/api.js';
import { parseCriOverhead, parseCriResources } from '../../src/resources/cri.js';
import type { Layer } from '../../src/resources/types.js';
import { Mi, criResources, fixtureYaml, invalidArgument } from './fixtures/index.js';

const FIELD = 'options.linux.resources';
const parse = (json: Record<string, unknown>) =>
  parseCriResources(criResources(json), FIELD, 'linux.resources');
const values = (layer: Layer) =>
  Object.fromEntries(Object.entries(layer.scalars).map(([k, f]) => [k, f.value]));
const fieldOf = (json: Record<string, unknown>) => invalidArgument(() => parse(json)).field;

t.test('Kuasar sandbox fixture: no resources at all', async (t) => {
  const config = PodSandboxConfig.fromJSON(fixtureYaml('kuasar-e2e-sandbox-runc.yaml'));
  t.equal(config.metadata?.name, 'runc-sandbox');
  t.equal(config.linux?.cgroupParent, '/kuasar/runc', 'snake_case keys are understood');
  t.same(parseCriResources(config.linux?.resources, FIELD, 'linux.resources'), { scalars: {}, extras: {} });
});

t.test('Kuasar container fixture: quota/period and memory', async (t) => {
  const doc = fixtureYaml('kuasar-e2e-container-runc.yaml') as {
    linux: { resources: Record<string, unknown> };
  };
  const layer = parse(doc.linux.resources);
  t.same(values(layer), { cpu_limit: 0.5, memory_limit: 100 * Mi });
  t.same(layer.scalars.cpu_limit, {
    value: 0.5,
    source: 'linux.resources.cpu_quota',
    field: 'options.linux.resources.cpu_quota',
  });
});

t.test('kubelet pod totals', async (t) => {
  const layer = parse({
    cpu_period: 100000,
    cpu_quota: 200000,
    cpu_shares: 768,
    memory_limit_in_bytes: 512 * Mi,
  });
  t.same(values(layer), { cpu_limit: 2, cpu_request: 0.75, memory_limit: 512 * Mi });
});

t.test('cpu_shares -> cores recovers kubelet millicores exactly', async (t) => {
  // kubelet: shares = floor(milli * 1024 / 1000), min 2
  for (const milli of [2, 10, 100, 250, 333, 500, 999, 1000, 1500, 4000, 64000]) {
    const shares = Math.max(2, Math.floor((milli * 1024) / 1000));
    t.equal(values(parse({ cpu_shares: shares })).cpu_request, milli / 1000, `${milli}m -> ${shares} shares`);
  }
  t.equal(values(parse({ cpu_shares: 2 })).cpu_request, 0.002, 'minimum shares');
  t.equal(values(parse({ cpu_shares: 1024 })).cpu_request, 1);
  t.equal(
    values(parse({ cpu_shares: 100 })).cpu_request,
    0.098,
    'non-kubelet value: within 1/1000 of 100/1024',
  );
});

t.test('0 means not set; negative quota/memory/swap mean unlimited', async (t) => {
  t.same(parse({}), { scalars: {}, extras: {} });
  t.same(parse({ cpu_period: 100000 }).scalars, {}, 'period alone sets nothing');
  const layer = parse({
    cpu_quota: -1,
    cpu_period: 100000,
    memory_limit_in_bytes: -1,
    memory_swap_limit_in_bytes: -1,
  });
  t.same(values(layer), { cpu_limit: null, memory_limit: null, swap: null });
  t.equal(layer.scalars.cpu_limit?.source, 'linux.resources.cpu_quota');
  t.same(values(parse({ cpu_quota: -1 })), { cpu_limit: null }, 'negative quota needs no period');
});

t.test('swap, oom_score_adj, cpuset, hugepages', async (t) => {
  const layer = parse({
    memory_limit_in_bytes: 256 * Mi,
    memory_swap_limit_in_bytes: 512 * Mi,
    oom_score_adj: -997,
    cpuset_cpus: '0-3,6',
    cpuset_mems: '0',
    hugepage_limits: [
      { page_size: '2MB', limit: 4 * 2 * Mi },
      { page_size: '1GB', limit: 0 },
      { page_size: '64KB', limit: 65536 },
      { page_size: '2048KB', limit: 0 },
    ],
  });
  t.same(values(layer), { memory_limit: 256 * Mi, swap: 512 * Mi, oom_score_adj: -997 });
  t.same(layer.extras.cpuset?.value, { cpus: '0-3,6', mems: '0' });
  t.same(layer.extras.hugepages?.value, [
    { page_size: '2MB', limit: 8 * Mi },
    { page_size: '1GB', limit: 0 },
    { page_size: '64KB', limit: 65536 },
    { page_size: '2048KB', limit: 0 },
  ]);
  t.same(parse({ cpuset_mems: '1' }).extras.cpuset?.value, { cpus: null, mems: '1' });
});

t.test('unified cgroup v2 keys are the same limits', async (t) => {
  const layer = parse({
    unified: { 'memory.max': '268435456', 'cpu.max': '50000 100000', 'pids.max': '100', 'io.weight': '50' },
  });
  t.same(values(layer), { memory_limit: 256 * Mi, cpu_limit: 0.5, pid_limit: 100 });
  t.equal(layer.scalars.memory_limit?.source, 'linux.resources.unified[memory.max]');
  t.equal(layer.scalars.memory_limit?.field, 'options.linux.resources.unified["memory.max"]');
  t.same(layer.extras.unified?.value, {
    'memory.max': '268435456',
    'cpu.max': '50000 100000',
    'pids.max': '100',
    'io.weight': '50',
  });
  t.same(values(parse({ unified: { 'cpu.max': '150000' } })), { cpu_limit: 1.5 }, 'default period 100000');
  t.same(values(parse({ unified: { 'cpu.max': 'max 100000', 'memory.max': 'max', 'pids.max': 'max' } })), {
    memory_limit: null,
    cpu_limit: null,
    pid_limit: null,
  });
  t.same(
    values(parse({ cpu_quota: 50000, cpu_period: 100000, unified: { 'cpu.max': '200000 100000' } })),
    { cpu_limit: 2 },
    'unified wins over the dedicated field (it is applied last)',
  );
});

t.test('overhead', async (t) => {
  const overhead = criResources({
    cpu_period: 100000,
    cpu_quota: 25000,
    cpu_shares: 256,
    memory_limit_in_bytes: 120 * Mi,
  });
  t.same(parseCriOverhead(overhead, 'options.linux.overhead'), {
    cpu_limit: 0.25,
    cpu_request: 0.25,
    memory_limit: 120 * Mi,
  });
  t.equal(parseCriOverhead(undefined, 'options.linux.overhead'), null);
  t.equal(parseCriOverhead(criResources({}), 'options.linux.overhead'), null);
  const err = invalidArgument(() =>
    parseCriOverhead(criResources({ cpu_quota: 1000 }), 'options.linux.overhead'),
  );
  t.equal(err.field, 'options.linux.overhead.cpu_quota');
});

t.test('validation errors name the field', async (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ cpu_quota: 50000 }, `${FIELD}.cpu_quota`],
    [{ cpu_quota: 50000, cpu_period: -5 }, `${FIELD}.cpu_quota`],
    [{ cpu_shares: -2 }, `${FIELD}.cpu_shares`],
    [{ oom_score_adj: 1001 }, `${FIELD}.oom_score_adj`],
    [{ memory_limit_in_bytes: 'lots' }, `${FIELD}.memory_limit_in_bytes`],
    [
      {
        hugepage_limits: [
          { page_size: '2MB', limit: 0 },
          { page_size: '3MB', limit: 0 },
        ],
      },
      `${FIELD}.hugepage_limits[1].page_size`,
    ],
    [{ hugepage_limits: [{ page_size: '2mb', limit: 0 }] }, `${FIELD}.hugepage_limits[0].page_size`],
    [{ hugepage_limits: [{ page_size: '0MB', limit: 0 }] }, `${FIELD}.hugepage_limits[0].page_size`],
    [{ hugepage_limits: [{ page_size: '2M', limit: 0 }] }, `${FIELD}.hugepage_limits[0].page_size`],
    [{ hugepage_limits: [{ page_size: '', limit: 0 }] }, `${FIELD}.hugepage_limits[0].page_size`],
    [{ hugepage_limits: [{ page_size: '1.5GB', limit: 0 }] }, `${FIELD}.hugepage_limits[0].page_size`],
    [{ unified: { 'memory.max': '1Gi' } }, `${FIELD}.unified["memory.max"]`],
    [{ unified: { 'cpu.max': '50000 0' } }, `${FIELD}.unified["cpu.max"]`],
    [{ unified: { 'cpu.max': 'half' } }, `${FIELD}.unified["cpu.max"]`],
    [{ unified: { 'pids.max': '-1' } }, `${FIELD}.unified["pids.max"]`],
  ];
  for (const [json, field] of cases) t.equal(fieldOf(json), field, JSON.stringify(json));
  t.match(invalidArgument(() => parse({ cpu_quota: 50000 })).message, /without a positive period/);
  t.match(invalidArgument(() => parse({ hugepage_limits: [{ page_size: '3MB' }] })).message, /power of two/);
});
