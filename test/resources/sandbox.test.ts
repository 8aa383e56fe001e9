import t from 'tap';
import { PodSandboxConfig } from '../../src/generated/runtime/v1/api.js';
import { extractSandboxResources, type ResourceInfo } from '../../src/resources/index.js';
import { Mi, fixtureYaml, invalidArgument, kubeletPodConfig } from './fixtures/index.js';

const EMPTY: ResourceInfo = {
  cpu_limit: null,
  cpu_request: null,
  memory_limit: null,
  memory_request: null,
  pid_limit: null,
  storage_limit: null,
  network_bandwidth: null,
  swap: null,
  oom_score_adj: null,
  cpuset: null,
  hugepages: [],
  unified: {},
  overhead: null,
  sources: {},
};

t.test('nothing found -> null, never 0', async (t) => {
  t.strictSame(extractSandboxResources({}), EMPTY);
  const kuasar = PodSandboxConfig.fromJSON(fixtureYaml('kuasar-e2e-sandbox-runc.yaml'));
  t.strictSame(
    extractSandboxResources({ config: kuasar, annotations: kuasar.annotations }),
    EMPTY,
    'Kuasar fixture',
  );
});

t.test('kubelet-shaped pod with two containers', async (t) => {
  const info = extractSandboxResources({ config: kubeletPodConfig() });
  t.strictSame(info, {
    ...EMPTY,
    cpu_limit: 2,
    cpu_request: 0.75,
    memory_limit: 512 * Mi,
    sources: {
      cpu_limit: 'linux.resources.cpu_quota',
      cpu_request: 'linux.resources.cpu_shares',
      memory_limit: 'linux.resources.memory_limit_in_bytes',
    },
  });
  const json = JSON.parse(JSON.stringify(info)) as ResourceInfo;
  t.equal(typeof json.cpu_request, 'number', 'numbers stay numbers in JSON');
  t.equal(json.memory_limit, 536870912);
});

t.test('overhead is recorded separately', async (t) => {
  // pod.spec.overhead 250m / 120Mi, as kubelet converts it
  const overhead = { cpu_period: 100000, cpu_quota: 25000, cpu_shares: 256, memory_limit_in_bytes: 120 * Mi };
  const info = extractSandboxResources({ config: kubeletPodConfig({ overhead }) });
  t.same(info.overhead, { cpu_limit: 0.25, cpu_request: 0.25, memory_limit: 120 * Mi });
  t.equal(info.cpu_limit, 2, 'declared values exclude overhead');
});

t.test('precedence: annotations win over linux.resources', async (t) => {
  const config = kubeletPodConfig({
    annotations: {
      'resources.limits.cpu': '3',
      'resources.limits.memory': '1Gi',
      'resources.limits.pid': '200',
    },
  });
  const info = extractSandboxResources({ config, annotations: { 'resources.limits.cpu': '4' } });
  t.equal(info.cpu_limit, 4, "Create's annotation wins over PodSandboxConfig.annotations");
  t.equal(info.memory_limit, 1024 * Mi);
  t.equal(info.cpu_request, 0.75, 'not overridden: still from linux.resources');
  t.equal(info.pid_limit, 200);
  t.same(info.sources, {
    cpu_limit: 'annotation:resources.limits.cpu',
    cpu_request: 'linux.resources.cpu_shares',
    memory_limit: 'annotation:resources.limits.memory',
    pid_limit: 'annotation:resources.limits.pid',
  });
});

t.test('precedence: an annotation can lower what linux.resources says', async (t) => {
  const info = extractSandboxResources({
    config: kubeletPodConfig(),
    annotations: { 'resources.requests.cpu': '100m', 'resources.limits.memory': '128Mi' },
  });
  t.equal(info.cpu_request, 0.1);
  t.equal(info.memory_limit, 128 * Mi);
  t.equal(info.cpu_limit, 2);
});

t.test('bandwidth and storage', async (t) => {
  const info = extractSandboxResources({
    annotations: { 'kubernetes.io/ingress-bandwidth': '10M', 'resources.limits.ephemeral-storage': '1Gi' },
  });
  t.same(info.network_bandwidth, { ingress: 10_000_000, egress: null });
  t.equal(info.storage_limit, 1024 * Mi);
});

t.test('validation errors name the field', async (t) => {
  const cases: [Parameters<typeof extractSandboxResources>[0], string][] = [
    [
      { annotations: { 'resources.requests.cpu': '3' }, config: kubeletPodConfig() },
      'annotations["resources.requests.cpu"]',
    ],
    [
      { annotations: { 'resources.requests.memory': '1Gi', 'resources.limits.memory': '512Mi' } },
      'annotations["resources.requests.memory"]',
    ],
    [
      { config: kubeletPodConfig({ annotations: { 'resources.requests.cpu': '2500m' } }) },
      'options.annotations["resources.requests.cpu"]',
    ],
    [{ annotations: { 'resources.limits.cpu': '1K' } }, 'annotations["resources.limits.cpu"]'],
    [
      { annotations: { 'kubernetes.io/egress-bandwidth': '2P' } },
      'annotations["kubernetes.io/egress-bandwidth"]',
    ],
    [
      { config: PodSandboxConfig.fromJSON({ linux: { resources: { cpu_quota: 50000 } } }) },
      'options.linux.resources.cpu_quota',
    ],
    [
      {
        config: PodSandboxConfig.fromJSON({
          linux: { resources: { hugepage_limits: [{ page_size: '3MB' }] } },
        }),
      },
      'options.linux.resources.hugepage_limits[0].page_size',
    ],
    [
      { config: PodSandboxConfig.fromJSON({ linux: { overhead: { cpu_quota: 1 } } }) },
      'options.linux.overhead.cpu_quota',
    ],
  ];
  for (const [input, field] of cases)
    t.equal(invalidArgument(() => extractSandboxResources(input)).field, field, field);
  const err = invalidArgument(() =>
    extractSandboxResources({ annotations: { 'resources.requests.cpu': '3' }, config: kubeletPodConfig() }),
  );
  t.match(err.message, /cpu_request 3 .*exceeds cpu_limit 2 \(from linux.resources.cpu_quota\)/);
  t.equal(err.kind, 'InvalidArgument');
});

t.test('request == limit is fine; unlimited limit never conflicts', async (t) => {
  t.doesNotThrow(() =>
    extractSandboxResources({
      annotations: { 'resources.requests.cpu': '2', 'resources.limits.cpu': '2000m' },
    }),
  );
  const info = extractSandboxResources({
    config: PodSandboxConfig.fromJSON({ linux: { resources: { cpu_quota: -1, cpu_shares: 4096 } } }),
  });
  t.equal(info.cpu_limit, null);
  t.equal(info.sources.cpu_limit, 'linux.resources.cpu_quota', 'the explicit "no limit" keeps its source');
  t.equal(info.cpu_request, 4);
});
