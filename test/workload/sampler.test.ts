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
