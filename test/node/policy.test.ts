// Policy decisions at admission: LimitRange defaults and checks (LimitRanger's words), ResourceQuota (the quota
// evaluator's words) and refusing findings, each naming its rule; other namespaces are untouched.
import t from 'tap';
import { container, containerInfo, pod, sandboxInfo, testNode } from '../helpers/node.js';

const POLICY = [
  /* 1 */ 'apiVersion: v1',
  /* 2 */ 'kind: LimitRange',
  /* 3 */ 'metadata: {name: container-limits, namespace: shop}',
  /* 4 */ 'spec:',
  /* 5 */ '  limits:',
  /* 6 */ '    - type: Container',
  /* 7 */ '      min: {cpu: 10m, memory: 16Mi}',
  /* 8 */ '      max: {cpu: "2", memory: 2Gi}',
  /* 9 */ '      default: {cpu: 500m, memory: 512Mi}',
  /* 10 */ '      defaultRequest: {cpu: 100m, memory: 128Mi}',
  /* 11 */ '      maxLimitRequestRatio: {cpu: "10"}',
  /* 12 */ '---',
  /* 13 */ 'apiVersion: v1',
  /* 14 */ 'kind: ResourceQuota',
  /* 15 */ 'metadata: {name: compute, namespace: shop}',
  /* 16 */ 'spec:',
  /* 17 */ '  hard: {pods: "2", requests.cpu: "4", limits.memory: 3Gi}',
  /* 18 */ '---',
  /* 19 */ 'apiVersion: resource-slot.io/v1',
  /* 20 */ 'kind: Findings',
  /* 21 */ 'metadata: {name: strict}',
  /* 22 */ 'spec: {refuse: [memory-limit-below-floor]}',
].join('\n');

const LIMITS = '[LimitRange shop/container-limits limits[0] (policy.yaml:6)]';
const QUOTA = '[ResourceQuota shop/compute (policy.yaml:13)]';
const FINDINGS = '[Findings strict (policy.yaml:19)]';

const shopPod = (id: string, resources = sandboxInfo(), containers: ReturnType<typeof container>[] = []) =>
  pod(id, resources, containers, 'shop');
const node = (mode: 'warn' | 'enforce' = 'enforce') =>
  testNode({ capacity: 'cpu=64,memory=64Gi', policy: POLICY, mode });

t.test('LimitRange defaults are filled into what the container stores, sourced from the rule', async (t) => {
  const admitted = node().admission.admitTask(shopPod('p'), container('app', containerInfo()));
  t.match(admitted, {
    cpu_limit: 0.5,
    cpu_request: 0.1,
    memory_limit: 512 * 2 ** 20,
    memory_request: 128 * 2 ** 20,
    sources: {
      cpu_limit: 'policy:LimitRange shop/container-limits limits[0].default',
      cpu_request: 'policy:LimitRange shop/container-limits limits[0].defaultRequest',
      memory_limit: 'policy:LimitRange shop/container-limits limits[0].default',
      memory_request: 'policy:LimitRange shop/container-limits limits[0].defaultRequest',
    },
  });
  t.ok(Object.isFrozen(admitted), 'shared and frozen like every stored ResourceInfo');
});

t.test(
  'a declared limit keeps its request out of defaultRequest (the API server set request = limit)',
  async (t) => {
    const declared = containerInfo({ 'resources.limits.memory': '256Mi', 'resources.limits.cpu': '1' });
    const admitted = node().admission.admitTask(shopPod('p'), container('app', declared));
    t.equal(admitted.memory_request, null);
    t.equal(admitted.cpu_request, null);
    t.equal(admitted.memory_limit, 256 * 2 ** 20);
  },
);

t.test("LimitRange violations, in LimitRanger's words, with the rule", async (t) => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ 'resources.limits.cpu': '3' }, `maximum cpu usage per Container is 2, but limit is 3 ${LIMITS}`],
    [
      { 'resources.requests.cpu': '5m' },
      `minimum cpu usage per Container is 10m, but request is 5m ${LIMITS}`,
    ],
    [
      { 'resources.requests.cpu': '100m', 'resources.limits.cpu': '2' },
      `cpu max limit to request ratio per Container is 10, but provided ratio is 20.000000 ${LIMITS}`,
    ],
    [
      { 'resources.requests.cpu': '1' },
      `cpu request 1 must be less than or equal to the default cpu limit of 500m ${LIMITS}`,
    ],
  ];
  for (const [annotations, message] of cases)
    t.throws(
      () => node().admission.admitTask(shopPod('p'), container('app', containerInfo(annotations))),
      { kind: 'FailedPrecondition', message },
      message,
    );
  t.throws(
    () => containerInfo({ 'resources.requests.memory': '64Mi', 'resources.limits.memory': '32Mi' }),
    { kind: 'InvalidArgument', message: /exceeds memory_limit/ },
    'a request above its own limit is refused by the parser before admission sees it',
  );
});

t.test(
  'warn: a violation is logged with its rule and the container is admitted without the bad default',
  async (t) => {
    const warned = node('warn');
    const admitted = warned.admission.admitTask(
      shopPod('p'),
      container('app', containerInfo({ 'resources.requests.cpu': '1' })),
    );
    t.equal(admitted.cpu_limit, null, 'the default limit below its request is not applied');
    t.equal(admitted.memory_limit, 512 * 2 ** 20, 'the others are');
    t.match(warned.warnings, [
      [
        {
          sandboxId: 'p',
          containerId: 'app',
          reason: 'LimitRange',
          rule: 'LimitRange shop/container-limits limits[0] (policy.yaml:6)',
        },
        /^Admitted, though it would be refused: cpu request 1 must be/,
      ],
    ]);
  },
);

t.test("ResourceQuota: the evaluator's message lists only what is exceeded", async (t) => {
  const quota = node();
  const cpu = (request: string) => sandboxInfo({ 'resources.requests.cpu': request });
  quota.hold(shopPod('a', cpu('3')));
  t.throws(() => quota.admission.admitSandbox(shopPod('b', cpu('1500m'))), {
    kind: 'ResourceExhausted',
    message: `exceeded quota: compute, requested: requests.cpu=1500m, used: requests.cpu=3, limited: requests.cpu=4 ${QUOTA}`,
  });
  quota.hold(shopPod('b', cpu('1')));
  t.throws(() => quota.admission.admitSandbox(shopPod('c', cpu('1'))), {
    message: `exceeded quota: compute, requested: pods=1,requests.cpu=1, used: pods=2,requests.cpu=4, limited: pods=2,requests.cpu=4 ${QUOTA}`,
  });
  quota.admission.admitSandbox(pod('elsewhere', cpu('8')));
  t.pass('another namespace has no quota');
});

t.test('ResourceQuota on limits: a task Create that adds to the pod limit', async (t) => {
  const quota = node();
  const memory = (limit: string) => containerInfo({ 'resources.limits.memory': limit });
  const first = container('c1', memory('2Gi'));
  quota.hold(shopPod('p', sandboxInfo(), [first]));
  t.throws(
    () => quota.admission.admitTask(shopPod('p', sandboxInfo(), [first]), container('c2', memory('1536Mi'))),
    {
      message: `exceeded quota: compute, requested: limits.memory=1536Mi, used: limits.memory=2Gi, limited: limits.memory=3Gi ${QUOTA}`,
    },
  );
});

t.test('a finding the policy refuses refuses the create that brings it', async (t) => {
  const strict = node();
  const tiny = containerInfo({ 'resources.limits.memory': '4Mi', 'resources.requests.cpu': '10m' });
  t.throws(() => strict.admission.admitTask(pod('p', sandboxInfo()), container('app', tiny, 'web')), {
    kind: 'FailedPrecondition',
    message: `memory-limit-below-floor: container web: memory limit 4Mi is below the floor of 6Mi ${FINDINGS}`,
  });
  t.throws(() => strict.admission.admitSandbox(pod('q', sandboxInfo({ 'resources.limits.memory': '5Mi' }))), {
    message: `memory-limit-below-floor: pod: memory limit 5Mi is below the floor of 6Mi ${FINDINGS}`,
  });
  const lenient = testNode({ policy: '' });
  lenient.admission.admitTask(pod('p', sandboxInfo()), container('app', tiny));
  t.strictSame(lenient.admission.counts().reasons, {}, 'without a Findings object a finding refuses nothing');
});
