import t from 'tap';
import {
  extractContainerResources,
  extractSandboxResources,
  podTotals,
  type ResourceInfo,
} from '../../src/resources/index.js';
import { Mi, criResources, kubeletPodConfig, ociSpecFor } from './fixtures/index.js';

const containerOf = (res: Record<string, unknown>, annotations: Record<string, string> = {}): ResourceInfo =>
  extractContainerResources({ spec: ociSpecFor(criResources(res), annotations) });

const containers = [
  containerOf(
    { cpu_shares: 256, cpu_quota: 100000, cpu_period: 100000, memory_limit_in_bytes: 256 * Mi },
    { 'resources.requests.memory': '64Mi', 'resources.limits.ephemeral-storage': '1Gi' },
  ),
  containerOf(
    { cpu_shares: 512, cpu_quota: 100000, cpu_period: 100000, memory_limit_in_bytes: 256 * Mi },
    { 'resources.requests.memory': '128Mi' },
  ),
];

t.test("sandbox's declared values win; the rest is summed over containers", async (t) => {
  const sandbox = extractSandboxResources({ config: kubeletPodConfig() });
  t.same(podTotals(sandbox, containers), {
    cpu_limit: 2,
    cpu_request: 0.75,
    memory_limit: 512 * Mi,
    memory_request: 192 * Mi,
    pid_limit: null,
    storage_limit: 1024 * Mi,
    sources: {
      cpu_limit: 'sandbox',
      cpu_request: 'sandbox',
      memory_limit: 'sandbox',
      memory_request: 'containers',
      storage_limit: 'containers',
    },
  });
});

t.test('no sandbox values: sums; no containers: nulls', async (t) => {
  const sandbox = extractSandboxResources({});
  const totals = podTotals(sandbox, containers);
  t.same([totals.cpu_request, totals.cpu_limit, totals.memory_limit], [0.75, 2, 512 * Mi]);
  t.same(totals.sources.cpu_request, 'containers');
  t.same(podTotals(sandbox, []), {
    cpu_limit: null,
    cpu_request: null,
    memory_limit: null,
    memory_request: null,
    pid_limit: null,
    storage_limit: null,
    sources: {},
  });
});

t.test('overhead is added to non-null totals', async (t) => {
  const overhead = { cpu_period: 100000, cpu_quota: 25000, cpu_shares: 256, memory_limit_in_bytes: 120 * Mi };
  const sandbox = extractSandboxResources({ config: kubeletPodConfig({ overhead }) });
  const totals = podTotals(sandbox, containers);
  t.equal(totals.cpu_limit, 2.25);
  t.equal(totals.cpu_request, 1);
  t.equal(totals.memory_limit, 632 * Mi);
  t.equal(totals.memory_request, 192 * Mi, 'overhead carries no memory request');
  t.equal(totals.sources.cpu_limit, 'sandbox+overhead');
  t.same(podTotals(sandbox, []).memory_request, null, 'a null total stays null');
});

t.test('sums of cores do not accumulate float noise', async (t) => {
  const tenths = [1, 2].map((n) => containerOf({}, { 'resources.requests.cpu': `${n}00m` }));
  t.equal(podTotals(extractSandboxResources({}), tenths).cpu_request, 0.3);
});
