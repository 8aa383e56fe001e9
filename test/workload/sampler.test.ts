import t from 'tap';
import type { UsageView } from '../../machines/supervisor.machine.js';
import { parseProfileFile } from '../../src/workload/index.js';
import { podIdentityOf, UsageSampler } from '../../src/workload/sampler.js';

const Mi = 1024 * 1024;

function view(resources: UsageView['container']['resources'] = {}): UsageView {
  return {
    sandbox: {
      id: 'pod-1',
      createdAt: 0,
      startedAt: 0,
      exitedAt: null,
      exitStatus: null,
      pid: 1,
      record: { config: { metadata: { name: 'web', namespace: 'prod', uid: 'u' }, annotations: {} } },
      resources: {},
    },
    container: {
      id: 'ctr-1',
      sandboxId: 'pod-1',
      createdAt: 0,
      startedAt: 0,
      exitedAt: null,
      exitStatus: null,
      pid: 2,
      record: { cri: { containerName: 'app' } },
      resources,
    },
    live: true,
    liveExecs: 0,
  };
}

const rulesOf = (cpu: string, memory: string) =>
  parseProfileFile(
    `kind: ResourceUsage\nmetadata: {name: web, namespace: prod}\nspec:\n  usages:\n  - containers: [app]\n    usage:\n      cpu: {value: ${cpu}}\n      memory: {value: ${memory}}\n`,
    '/f.yaml',
  );

t.test("the pod's identity: PodSandboxConfig metadata", async (t) => {
  t.same(podIdentityOf(view().sandbox.record), { name: 'web', namespace: 'prod' });
  t.same(podIdentityOf({}), { name: '', namespace: '' });
});

t.test('new rules reach cached workloads; the CPU counter goes on from where it was', async (t) => {
  let now = 0;
  const sampler = new UsageSampler(() => now, 1024 * Mi);
  const v = view();
  sampler.setRules(rulesOf('1', '10Mi'));
  now = 10_000;
  const before = sampler.sample(v);
  t.equal(before.cpuUsageUsec, 10e6, '1 core for 10 s');
  t.equal(before.memoryUsageBytes, 10 * Mi);

  sampler.setRules(rulesOf('100m', '20Mi'));
  const atSwitch = sampler.sample(v);
  t.equal(atSwitch.cpuUsageUsec, 10e6, 'the counter does not drop to the new rate × 10 s');
  t.equal(atSwitch.memoryUsageBytes, 20 * Mi, 'the new memory at once');
  now = 20_000;
  t.equal(sampler.sample(v).cpuUsageUsec, 11e6, 'then grows at the new rate');
  t.equal(sampler.sample(v).cpuUserUsec + sampler.sample(v).cpuSystemUsec, 11e6, 'user + system');

  // Rules are taken up lazily, at a container's next sample: here at 20 s.
  sampler.setRules(rulesOf('2', '20Mi'));
  t.equal(sampler.sample(v).cpuUsageUsec, 11e6);
  now = 21_000;
  t.equal(sampler.sample(v).cpuUsageUsec, 13e6, 'a higher rate does not jump either');

  const updated = view({ cpu_limit: 0.5 });
  updated.container.record = v.container.record;
  t.equal(sampler.sample(updated).cpuUsageUsec, 13e6);
  now = 31_000;
  t.equal(sampler.sample(updated).cpuUsageUsec, 18e6, 'an Update (a new limit) keeps the counter too');
});

t.test("a pod's OOM scan: the sandbox's limit and each container's own demand and limit", async (t) => {
  const sampler = new UsageSampler(() => 0, 1024 * Mi);
  const pod = (memoryLimit: number, source: string, annotations: Record<string, string>) => ({
    ...view().sandbox,
    record: { config: { metadata: { name: 'web', namespace: 'prod' }, annotations } },
    resources: { memory_limit: memoryLimit, sources: { memory_limit: source }, overhead: null },
  });
  const run = (
    name: string,
    resources: UsageView['container']['resources'],
    endsAt: number | null = null,
  ) => ({
    container: { ...view(resources).container, id: `ctr-${name}`, record: { cri: { containerName: name } } },
    endsAt,
  });
  const usage = {
    'resource-slot.io/usage-memory.big': '50Mi',
    'resource-slot.io/usage-memory.small': '30Mi',
  };
  const kubelet = 'linux.resources.memory_limit_in_bytes';
  const bothLimited = [run('big', { memory_limit: 64 * Mi }), run('small', { memory_limit: 64 * Mi })];
  t.same(
    sampler.podOomScan(pod(64 * Mi, kubelet, usage), bothLimited, 1_000),
    { kind: 'kill', at: 1_000, containerId: 'ctr-big' },
    'kubelet gave each container the pod limit: 80Mi together is over 64Mi, the 50Mi one goes',
  );
  const oneUnlimited = [run('big', { memory_limit: 64 * Mi }), run('small', {})];
  t.same(
    sampler.podOomScan(pod(64 * Mi, kubelet, usage), oneUnlimited, 1_000),
    { kind: 'never' },
    "kubelet's partial sum beside an unlimited container limits nothing",
  );
  t.same(
    sampler.podOomScan(pod(64 * Mi, 'annotation:resources.limits.memory', usage), oneUnlimited, 1_000),
    { kind: 'kill', at: 1_000, containerId: 'ctr-big' },
    'a pod limit stated otherwise holds the unlimited one too',
  );
  t.same(
    sampler.podOomScan(
      pod(64 * Mi, kubelet, usage),
      [run('big', { memory_limit: 64 * Mi }), run('small', { memory_limit: 64 * Mi }, 0)],
      1_000,
    ),
    { kind: 'never' },
    'the small one ended before: the big one alone is held by its own limit',
  );
});

t.test(
  "a pod's sample reports the pod cgroup's memory limit when it has one, else the containers' sum",
  async (t) => {
    const sampler = new UsageSampler(() => 1_000, 1024 * Mi);
    const limited = view({ memory_limit: 100 * Mi });
    const sum = sampler.podSample(limited.sandbox, [
      limited,
      { ...limited, container: { ...limited.container, id: 'c2' } },
    ]);
    t.equal(sum.memoryLimitBytes, 200 * Mi, 'no pod limit: the containers added up');
    const sandbox = {
      ...limited.sandbox,
      resources: { memory_limit: 150 * Mi, sources: { memory_limit: 'annotation:resources.limits.memory' } },
    };
    const capped = sampler.podSample(sandbox, [
      limited,
      { ...limited, container: { ...limited.container, id: 'c2' } },
    ]);
    t.equal(capped.memoryLimitBytes, 150 * Mi, "the pod's own limit, below the sum");
    t.equal(sampler.podSample(sandbox, []).memoryLimitBytes, 150 * Mi, 'also with no container yet');
  },
);
