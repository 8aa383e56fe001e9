// Findings: resource configurations that are accepted but will not behave as written, per pod and per container.
import t from 'tap';
import { DEFAULT_MEMORY_LIMIT_FLOOR_BYTES, podFindings } from '../../src/node/findings.js';
import { container, containerInfo, pod, sandboxInfo } from '../helpers/node.js';

const FLOOR = DEFAULT_MEMORY_LIMIT_FLOOR_BYTES;
const findings = (...args: Parameters<typeof pod>) =>
  podFindings(pod(...args), FLOOR).map(({ id, containerId, message }) => [id, containerId, message]);

t.test('one declaration at a time', async (t) => {
  const cases: Array<[string, ReturnType<typeof containerInfo>, string]> = [
    [
      'memory-limit-below-floor',
      containerInfo({ 'resources.limits.memory': '5Mi' }),
      'memory limit 5Mi is below the floor of 6Mi',
    ],
    [
      'cpu-limit-below-minimum-quota',
      containerInfo({}, { cpu: { quota: 500, period: 100000 } }),
      "cpu limit 5m is below 10m, the kernel's smallest quota (1ms per 100ms period): kubelet raises it",
    ],
    [
      'cpu-request-below-minimum-shares',
      containerInfo({ 'resources.requests.cpu': '1m' }),
      "cpu request 1m is below 2m, the kernel's minimum of 2 cpu shares",
    ],
    [
      'swap-below-memory-limit',
      containerInfo({}, { memory: { limit: 128 * 2 ** 20, swap: 64 * 2 ** 20 } }),
      'memory+swap limit 64Mi is below the memory limit 128Mi: runc refuses it',
    ],
    [
      'hugepages-not-page-multiple',
      containerInfo({}, { hugepageLimits: [{ pageSize: '2MB', limit: 3 * 2 ** 20 }] }),
      'hugepages limit 3Mi is not a multiple of its page size 2MB',
    ],
  ];
  for (const [id, resources, message] of cases) {
    t.strictSame(findings('p', sandboxInfo(), [container('c', resources)]), [[id, 'c', message]], id);
    t.strictSame(findings('p', resources), [[id, '', message]], `${id} on the pod's own declaration`);
  }
});

t.test("the containers' requests above the pod's own limit", async (t) => {
  const podLimit = sandboxInfo(
    {},
    { resources: { cpu_quota: 100000, cpu_period: 100000, memory_limit_in_bytes: 256 * 2 ** 20 } },
  );
  const big = (cpu: string, memory: string) =>
    container(cpu, containerInfo({ 'resources.requests.cpu': cpu, 'resources.requests.memory': memory }));
  t.strictSame(findings('p', podLimit, [big('600m', '128Mi'), big('500m', '192Mi')]), [
    [
      'requests-above-pod-limit',
      '',
      "the containers' cpu requests add up to 1100m, above the pod's cpu limit 1",
    ],
    [
      'requests-above-pod-limit',
      '',
      "the containers' memory requests add up to 320Mi, above the pod's memory limit 256Mi",
    ],
  ]);
  t.strictSame(findings('p', podLimit, [big('1', '256Mi')]), [], 'exactly the limit is fine');
});

t.test("kubelet's usual pod has none", async (t) => {
  const kubelet = sandboxInfo(
    {},
    {
      resources: {
        cpu_shares: 768,
        cpu_quota: 150000,
        cpu_period: 100000,
        memory_limit_in_bytes: 768 * 2 ** 20,
      },
    },
  );
  const app = containerInfo(
    {},
    { cpu: { shares: 512, quota: 100000, period: 100000 }, memory: { limit: 512 * 2 ** 20 } },
  );
  t.strictSame(findings('p', kubelet, [container('app', app)]), []);
});
