import t from 'tap';
import { extractContainerResources } from '../../src/resources/index.js';
import { Mi, criResources, fixtureJson, fixtureYaml, invalidArgument, ociSpecFor } from './fixtures/index.js';

t.test('`runc spec` default parses to nothing', async (t) => {
  const info = extractContainerResources({ spec: fixtureJson('oci-runc-spec-default.json') });
  t.equal(info.cpu_limit, null);
  t.equal(info.memory_limit, null);
  t.same(info.sources, {});
  t.notOk('block_io' in info, 'OCI extras only when present');
});

t.test('Kuasar container fixture, through the spec containerd would write', async (t) => {
  const doc = fixtureYaml('kuasar-e2e-container-runc.yaml') as {
    linux: { resources: Record<string, unknown> };
  };
  const info = extractContainerResources({ spec: ociSpecFor(criResources(doc.linux.resources)) });
  t.equal(info.cpu_limit, 0.5);
  t.equal(info.memory_limit, 100 * Mi);
  t.same(info.sources, {
    cpu_limit: 'oci:linux.resources.cpu.quota',
    memory_limit: 'oci:linux.resources.memory.limit',
  });
});

t.test('kubelet containers: 250m/64Mi..1/256Mi and 500m/128Mi..1/256Mi', async (t) => {
  const a = extractContainerResources({
    spec: ociSpecFor(
      criResources({
        cpu_shares: 256,
        cpu_quota: 100000,
        cpu_period: 100000,
        memory_limit_in_bytes: 256 * Mi,
      }),
    ),
  });
  const b = extractContainerResources({
    spec: ociSpecFor(
      criResources({
        cpu_shares: 512,
        cpu_quota: 100000,
        cpu_period: 100000,
        memory_limit_in_bytes: 256 * Mi,
      }),
    ),
  });
  t.same([a.cpu_request, a.cpu_limit, a.memory_limit], [0.25, 1, 256 * Mi]);
  t.same([b.cpu_request, b.cpu_limit, b.memory_limit], [0.5, 1, 256 * Mi]);
});

t.test('spec annotations win over linux.resources; process.oomScoreAdj is read', async (t) => {
  const spec = ociSpecFor(
    criResources({ cpu_quota: 100000, cpu_period: 100000, memory_limit_in_bytes: 256 * Mi }),
    {
      'resources.requests.memory': '64Mi',
      'resources.limits.cpu': '500m',
      'io.kubernetes.cri.container-type': 'container',
    },
  );
  (spec as { process?: object }).process = { oomScoreAdj: 999 };
  const info = extractContainerResources({ spec });
  t.equal(info.cpu_limit, 0.5);
  t.equal(info.memory_request, 64 * Mi);
  t.equal(info.memory_limit, 256 * Mi);
  t.equal(info.oom_score_adj, 999);
  t.same(info.sources, {
    cpu_limit: 'annotation:resources.limits.cpu',
    memory_limit: 'oci:linux.resources.memory.limit',
    memory_request: 'annotation:resources.requests.memory',
    oom_score_adj: 'oci:process.oomScoreAdj',
  });
});

t.test('OCI extras are carried through', async (t) => {
  const info = extractContainerResources({
    spec: {
      linux: {
        resources: {
          blockIO: { weight: 100 },
          network: { classID: 7 },
          rdma: { mlx5_0: { hcaObjects: 5 } },
          hugepageLimits: [{ pageSize: '1GB', limit: 1073741824 }],
          cpu: { mems: '0' },
          unified: { 'pids.max': '32' },
        },
      },
    },
  });
  t.equal(info.block_io?.weight, 100);
  t.same(info.network, { class_id: 7, priorities: [] });
  t.same(info.rdma, { mlx5_0: { hca_handles: null, hca_objects: 5 } });
  t.same(info.hugepages, [{ page_size: '1GB', limit: 1073741824 }]);
  t.same(info.cpuset, { cpus: null, mems: '0' });
  t.equal(info.pid_limit, 32);
  t.equal(info.sources.pid_limit, 'oci:linux.resources.unified[pids.max]');
});

t.test('errors are prefixed with fieldPrefix', async (t) => {
  const cases: [unknown, string][] = [
    [{ linux: { resources: { memory: { limit: 'x' } } } }, 'bundle.linux.resources.memory.limit'],
    [
      { linux: { resources: { memory: { limit: 100, reservation: 200 } } } },
      'bundle.linux.resources.memory.reservation',
    ],
    [
      { linux: { resources: { cpu: { shares: 2048, quota: 100000, period: 100000 } } } },
      'bundle.linux.resources.cpu.shares',
    ],
    [
      { annotations: { 'resources.limits.memory': '1.5.5' } },
      'bundle.annotations["resources.limits.memory"]',
    ],
    [{ annotations: { 'resources.limits.memory': 5 } }, 'bundle.annotations["resources.limits.memory"]'],
    [{ annotations: [] }, 'bundle.annotations'],
    [{ linux: 'x' }, 'bundle.linux'],
    [{ process: { oomScoreAdj: -1001 } }, 'bundle.process.oomScoreAdj'],
    ['not json', 'bundle'],
  ];
  for (const [spec, field] of cases) {
    t.equal(
      invalidArgument(() => extractContainerResources({ spec, fieldPrefix: 'bundle' })).field,
      field,
      field,
    );
  }
  t.equal(
    invalidArgument(() =>
      extractContainerResources({ spec: { linux: { resources: { cpu: { quota: 1 } } } } }),
    ).field,
    'spec.linux.resources.cpu.quota',
    'default prefix "spec"',
  );
});
