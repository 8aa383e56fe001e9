import t from 'tap';
import { applyLinuxResourcesUpdate, extractContainerResources } from '../../src/resources/index.js';
import { Mi, invalidArgument } from './fixtures/index.js';

const container = () =>
  extractContainerResources({
    spec: {
      annotations: { 'resources.limits.pid': '50' },
      linux: {
        resources: {
          cpu: { shares: 256, quota: 100000, period: 100000, cpus: '0-1' },
          memory: { limit: 256 * Mi },
          pids: { limit: 10 },
        },
      },
    },
  });

t.test('only what the update sets changes', async (t) => {
  const current = container();
  const next = applyLinuxResourcesUpdate(current, { memory: { limit: 512 * Mi } }, 'resources');
  t.equal(next.memory_limit, 512 * Mi);
  t.equal(next.sources.memory_limit, 'update:linux.resources.memory.limit');
  t.equal(next.cpu_limit, 1, 'untouched');
  t.equal(next.sources.cpu_limit, 'oci:linux.resources.cpu.quota');
  t.same(next.cpuset, { cpus: '0-1', mems: null });
  t.equal(current.memory_limit, 256 * Mi, 'current is not mutated');
});

t.test('a full containerd-style update replaces the OCI values', async (t) => {
  const next = applyLinuxResourcesUpdate(
    container(),
    {
      cpu: { shares: 1024, quota: 200000, period: 100000, cpus: '2-3' },
      memory: { limit: 1024 * Mi, swap: 1024 * Mi },
      hugepageLimits: [{ pageSize: '2MB', limit: 0 }],
      unified: { 'memory.high': '900000000' },
    },
    'resources',
  );
  t.same([next.cpu_request, next.cpu_limit, next.memory_limit, next.swap], [1, 2, 1024 * Mi, 1024 * Mi]);
  t.same(next.cpuset, { cpus: '2-3', mems: null });
  t.same(next.hugepages, [{ page_size: '2MB', limit: 0 }]);
  t.same(next.unified, { 'memory.high': '900000000' });
  t.equal(next.sources.hugepages, 'update:linux.resources.hugepageLimits');
});

t.test('-1 clears a limit; annotation values keep precedence', async (t) => {
  const next = applyLinuxResourcesUpdate(
    container(),
    { cpu: { quota: -1 }, pids: { limit: 1000 } },
    'resources',
  );
  t.equal(next.cpu_limit, null);
  t.equal(next.sources.cpu_limit, 'update:linux.resources.cpu.quota');
  t.equal(next.pid_limit, 50, 'annotation wins over the update');
  t.equal(next.sources.pid_limit, 'annotation:resources.limits.pid');
});

t.test('an empty update is a no-op', async (t) => {
  const current = container();
  t.same(applyLinuxResourcesUpdate(current, {}, 'resources'), current);
  t.same(applyLinuxResourcesUpdate(current, null, 'resources'), current);
});

t.test('update errors name the update field', async (t) => {
  const cases: [unknown, string][] = [
    [{ memory: { limit: '1Gi' } }, 'resources.memory.limit'],
    [{ cpu: { quota: 50000, period: 0 } }, 'resources.cpu.quota'],
    [{ cpu: { shares: 4096 } }, 'resources.cpu.shares'], // 4 cores requested, limit still 1
    [{ cpu: { quota: 10000, period: 100000 } }, 'resources.cpu.quota'], // limit 0.1 below request 0.25
    [[], 'resources'],
  ];
  for (const [update, field] of cases) {
    t.equal(
      invalidArgument(() => applyLinuxResourcesUpdate(container(), update, 'resources')).field,
      field,
      field,
    );
  }
});
