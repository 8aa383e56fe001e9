// kubelet's resource admission on a node: decisions, exact messages (pkg/kubelet/lifecycle/predicate.go), the
// three modes, and what a task Create adds to its pod.
import t from 'tap';
import { container, containerInfo, pod, sandboxInfo, testNode } from '../helpers/node.js';

const Mi = 2 ** 20;
const Gi = 2 ** 30;
const cpu = (request: string) => sandboxInfo({ 'resources.requests.cpu': request });

t.test('enforce: the second 1500m pod on a 2-cpu node is OutOfcpu, in kubelet words', async (t) => {
  const node = testNode({ capacity: 'cpu=2,memory=4Gi,pods=110' });
  node.admission.admitSandbox(pod('a', cpu('1500m')));
  node.hold(pod('a', cpu('1500m')));
  t.throws(() => node.admission.admitSandbox(pod('b', cpu('1500m'))), {
    kind: 'ResourceExhausted',
    message: "OutOfcpu: Node didn't have enough resource: cpu, requested: 1500, used: 1500, capacity: 2000",
  });
  t.strictSame(node.admission.counts(), { admitted: 1, warned: 0, refused: 1, reasons: { OutOfcpu: 1 } });
  t.strictSame(node.warnings, [
    [
      {
        sandboxId: 'b',
        namespace: 'default',
        pod: 'b-pod',
        reason: 'OutOfcpu',
        rule: 'node allocatable',
        admission: 'enforce',
      },
      "Refused: OutOfcpu: Node didn't have enough resource: cpu, requested: 1500, used: 1500, capacity: 2000",
    ],
  ]);
  node.admission.admitSandbox(pod('c', cpu('500m')));
  t.pass('what still fits (exactly the 500m left) is admitted');
});

t.test('warn: admitted, logged with the sandbox and the reason, counted', async (t) => {
  const node = testNode({ mode: 'warn' });
  node.hold(pod('a', cpu('1500m')));
  node.admission.admitSandbox(pod('b', cpu('1500m')));
  t.strictSame(node.admission.counts(), { admitted: 0, warned: 1, refused: 0, reasons: { OutOfcpu: 1 } });
  t.equal(node.warnings.length, 1);
  t.match(node.warnings[0], [
    { sandboxId: 'b', reason: 'OutOfcpu', admission: 'warn' },
    "Admitted, though it would be refused: OutOfcpu: Node didn't have enough resource: cpu, requested: 1500, used: 1500, capacity: 2000",
  ]);
});

t.test('off: nothing is checked or counted', async (t) => {
  const node = testNode({ mode: 'off', capacity: 'cpu=1,pods=1' });
  node.hold(pod('a', cpu('2')));
  node.admission.admitSandbox(pod('b', cpu('2')));
  const resources = containerInfo({ 'resources.requests.cpu': '5' });
  t.equal(node.admission.admitTask(pod('a', cpu('2')), container('c', resources)), resources);
  t.strictSame(node.admission.counts(), { admitted: 0, warned: 0, refused: 0, reasons: {} });
});

t.test('pods come first, then cpu, then memory; kubelet reports the first only', async (t) => {
  const node = testNode({ capacity: 'cpu=1,memory=1Gi,pods=1' });
  node.hold(pod('a', sandboxInfo()));
  t.throws(() => node.admission.admitSandbox(pod('b', cpu('2'))), {
    message: "OutOfpods: Node didn't have enough resource: pods, requested: 1, used: 1, capacity: 1",
  });
});

t.test('memory: a limit without a request counts as the request; allocatable keeps 100Mi back', async (t) => {
  const node = testNode({ capacity: 'cpu=8,memory=4Gi' });
  const limited = (limit: string) => sandboxInfo({ 'resources.limits.memory': limit });
  node.hold(pod('a', limited('3Gi')));
  // 4Gi − 100Mi = 4294967296 − 104857600 = 4190109696 bytes.
  t.throws(() => node.admission.admitSandbox(pod('b', limited('2Gi'))), {
    message: `OutOfmemory: Node didn't have enough resource: memory, requested: ${2 * Gi}, used: ${3 * Gi}, capacity: 4190109696`,
  });
  node.admission.admitSandbox(pod('c', sandboxInfo({ 'resources.requests.memory': '900Mi' })));
  t.pass('900Mi fits in the 4190109696 − 3Gi = 968884224 bytes (924Mi) left');
  t.throws(
    () => node.admission.admitSandbox(pod('d', sandboxInfo({ 'resources.requests.memory': `${925 * Mi}` }))),
    {
      message: /OutOfmemory: .* requested: 969932800, used: 3221225472, capacity: 4190109696/,
    },
  );
});

t.test("the pod's overhead is part of its request", async (t) => {
  const node = testNode({ capacity: 'cpu=2' });
  // Overhead from kubelet: 250m as 256 shares and a 25000/100000 quota; the pod asks 1750m + 250m = 2000m.
  const withOverhead = sandboxInfo(
    { 'resources.requests.cpu': '1750m' },
    { overhead: { cpu_shares: 256, cpu_quota: 25000, cpu_period: 100000 } },
  );
  node.admission.admitSandbox(pod('a', withOverhead));
  node.hold(pod('a', withOverhead));
  t.throws(() => node.admission.admitSandbox(pod('b', cpu('1m'))), {
    message: "OutOfcpu: Node didn't have enough resource: cpu, requested: 1, used: 2000, capacity: 2000",
  });
});

t.test('a task Create asks for what its container adds to the pod', async (t) => {
  const node = testNode({ capacity: 'cpu=2' });
  const bare = sandboxInfo();
  const first = container('c1', containerInfo({ 'resources.requests.cpu': '1' }));
  node.admission.admitTask(pod('p', bare), first);
  node.hold(pod('p', bare, [first]));
  t.throws(
    () =>
      node.admission.admitTask(
        pod('p', bare, [first]),
        container('c2', containerInfo({ 'resources.requests.cpu': '1500m' })),
      ),
    {
      kind: 'ResourceExhausted',
      message: "OutOfcpu: Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000",
    },
  );
  t.match(node.warnings.at(-1), [{ sandboxId: 'p', containerId: 'c2', reason: 'OutOfcpu' }]);
});

t.test("a container of a pod whose sandbox declares the pod's sums adds nothing", async (t) => {
  // kubelet's pod: 768 shares (750m) declared on the sandbox, so its containers are already counted.
  const node = testNode({ capacity: 'cpu=750m' });
  const kubeletPod = sandboxInfo({}, { resources: { cpu_shares: 768 } });
  node.hold(pod('p', kubeletPod));
  const app = container('app', containerInfo({}, { cpu: { shares: 512 } }));
  t.equal(node.admission.admitTask(pod('p', kubeletPod), app), app.resources);
  t.strictSame(node.admission.counts().refused, 0);
});

t.test('the ledger follows what the pods hold: a stopped pod gives its share back', async (t) => {
  const node = testNode({ capacity: 'cpu=2' });
  node.hold(pod('a', cpu('1500m')));
  t.equal(node.ledger.nodeTotal().requests.cpu, 1500);
  node.hold({ ...pod('a', cpu('1500m')), holding: false });
  t.strictSame(node.ledger.nodeTotal(), {
    pods: 0,
    requests: { cpu: 0, memory: 0 },
    limits: { cpu: 0, memory: 0 },
  });
  node.admission.admitSandbox(pod('b', cpu('2')));
  t.pass('the whole node is free again');
});
