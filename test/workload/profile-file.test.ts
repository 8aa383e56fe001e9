import t from 'tap';
import {
  parseProfileFile,
  ProfileFileError,
  workloadFor,
  type ProfileRules,
  type RateSource,
  type WorkloadInput,
} from '../../src/workload/index.js';

const Mi = 1024 * 1024;
const FILE = '/etc/usage.yaml';

function refusal(text: string): ProfileFileError {
  try {
    parseProfileFile(text, FILE);
  } catch (err) {
    if (err instanceof ProfileFileError) return err;
    throw err;
  }
  throw new Error('expected a ProfileFileError');
}

/** A ResourceUsage for pod `a` whose one usage has this cpu (indented as under `cpu:`), at line 6. */
const cpuRule = (cpu: string): string =>
  ['kind: ResourceUsage', 'metadata: {name: a}', 'spec:', '  usages:', '  - usage:', '      cpu:', cpu].join(
    '\n',
  );

const constant = (source: RateSource | undefined): number | string => {
  if (source?.kind !== 'profile') return source?.kind ?? 'none';
  return source.profile.kind === 'constant' ? source.profile.value : source.profile.kind;
};

t.test('every shape: both kinds, selectors, containers, value and expression', async (t) => {
  const rules = parseProfileFile(
    `apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterResourceUsage
metadata:
  name: everything
spec:
  selector:
    matchNamespaces: [default, batch]
    matchNames: [web]
  usages:
  - containers: [app, worker]
    usage:
      cpu:
        value: 250m
      memory:
        value: sine(min=64Mi, max=128Mi, period=60s)
  - usage:
      cpu:
        expression: Quantity("100m") + Rand() * Quantity("10m")
---
# a comment-only document is skipped
---
kind: ResourceUsage
metadata:
  name: db
  namespace: prod
  labels: {tier: data}
spec:
  usages:
  - usage:
      memory: {value: 1}
---
kind: ClusterResourceUsage
spec:
  usages: []
`,
    FILE,
  );
  t.equal(rules.documents.length, 3);
  const [cluster, own, empty] = rules.documents;
  t.match(cluster, {
    kind: 'ClusterResourceUsage',
    line: 1,
    matchNamespaces: ['default', 'batch'],
    matchNames: ['web'],
  });
  t.same(cluster?.usages[0]?.containers, ['app', 'worker']);
  t.equal(cluster?.usages[0]?.line, 10);
  t.equal(cluster?.usages[0]?.memory?.kind, 'profile');
  t.equal(cluster?.usages[1]?.containers, null, 'no containers: every container');
  t.equal(cluster?.usages[1]?.cpu?.kind, 'cel');
  t.equal(cluster?.usages[1]?.memory, null);
  t.match(own, { kind: 'ResourceUsage', name: 'db', namespace: 'prod' });
  t.equal(constant(own?.usages[0]?.memory ?? undefined), 1, 'a bare number is a quantity');
  t.match(empty, { kind: 'ClusterResourceUsage', matchNamespaces: [], matchNames: [], usages: [] });
  t.equal(parseProfileFile('', FILE).documents.length, 0, 'an empty file: no rules');
  const noNamespace = parseProfileFile(cpuRule('        value: 1'), FILE).documents[0];
  t.match(noNamespace, { namespace: 'default' }, 'a ResourceUsage without namespace is in default');
});

t.test('value and expression both given: fine, the value wins (both are checked)', async (t) => {
  const rules = parseProfileFile(cpuRule('        value: 300m\n        expression: Quantity("1")'), FILE);
  t.equal(constant(rules.choose('cpu', { name: 'a', namespace: 'default' }, 'c')?.source), 0.3);
  const bad = refusal(cpuRule('        value: 300m\n        expression: Quantity("1") +'));
  t.equal(bad.line, 8, 'a bad expression is refused even when the value wins');
});

t.test('malformed files: refused whole, naming the file, the line and the problem', async (t) => {
  const cases: [string, string, number, RegExp][] = [
    [
      'wrong kind',
      'kind: Stage\nspec: {usages: []}',
      1,
      /kind must be ResourceUsage or ClusterResourceUsage/,
    ],
    ['no kind', 'spec: {usages: []}', 1, /kind is missing/],
    ['wrong apiVersion', 'apiVersion: v1\nkind: ResourceUsage', 1, /apiVersion must be kwok\.x-k8s\.io/],
    [
      'unknown top field',
      'kind: ClusterResourceUsage\nstatus: {}\nspec: {usages: []}',
      2,
      /unknown field "status"/,
    ],
    [
      'a selector in a ResourceUsage',
      'kind: ResourceUsage\nmetadata: {name: a}\nspec:\n  selector: {}\n  usages: []',
      4,
      /unknown field "selector" in spec/,
    ],
    [
      'a ResourceUsage without name',
      'kind: ResourceUsage\nmetadata: {}\nspec: {usages: []}',
      2,
      /metadata\.name/,
    ],
    ['no spec', 'kind: ClusterResourceUsage', 1, /spec is missing/],
    ['usages not a list', 'kind: ClusterResourceUsage\nspec:\n  usages: 3', 3, /spec\.usages must be a list/],
    ['unknown resource', cpuRule('        value: 1').replace('cpu:', 'gpu:'), 6, /unknown field "gpu"/],
    ['unknown rate field', cpuRule('        quantity: 1'), 7, /unknown field "quantity"/],
    ['neither value nor expression', cpuRule('        {}'), 7, /needs a value or an expression/],
    ['bad quantity', cpuRule('        value: 12xyz'), 7, /usage\.cpu\.value: bad quantity/],
    ['bad profile', cpuRule('        value: sine(min=1)'), 7, /missing parameter "max" for sine/],
    ['CEL syntax error', cpuRule('        expression: Quantity("1") +'), 7, /expression: .*(EOF|token)/i],
    [
      'CEL type error',
      cpuRule('        expression: Quantity("1m") * 2'),
      7,
      /no such overload: double \* int/,
    ],
    ['CEL unknown name', cpuRule('        expression: node.cpu'), 7, /node/],
    ['CEL not a number', cpuRule('        expression: \'"1"\''), 7, /must give a number/],
    ['CEL bad Quantity literal', cpuRule('        expression: Quantity("lots")'), 7, /Quantity\("lots"\)/],
    [
      'containers not strings',
      cpuRule('        value: 1').replace('  - usage:', '  - containers: [[a]]\n    usage:'),
      5,
      /containers\[0\] must be a string/,
    ],
    ['YAML syntax', 'kind: ResourceUsage\nspec: [\n', 3, /YAML: /],
    ['duplicate key', 'kind: ResourceUsage\nkind: ClusterResourceUsage', 2, /YAML: .*unique/],
  ];
  for (const [what, text, line, problem] of cases) {
    const err = refusal(text);
    t.equal(err.line, line, `${what}: line`);
    t.match(err.problem, problem, `${what}: problem`);
    t.equal(
      err.message,
      `${FILE}:${err.line}: ${err.problem}`,
      `${what}: the message names the file and line`,
    );
  }
});

const RULES = `kind: ClusterResourceUsage
spec:
  usages:
  - usage:
      cpu: {value: 10m}
      memory: {value: 10Mi}
---
kind: ClusterResourceUsage
spec:
  selector: {matchNamespaces: [prod]}
  usages:
  - usage:
      cpu: {value: 20m}
  - containers: [app]
    usage:
      cpu: {value: 30m}
---
kind: ResourceUsage
metadata: {name: web, namespace: prod}
spec:
  usages:
  - usage:
      cpu: {value: 40m}
  - containers: [sidecar]
    usage:
      memory: {value: 50Mi}
---
kind: ResourceUsage
metadata: {name: web, namespace: prod}
spec:
  usages:
  - usage:
      cpu: {value: 60m}
      memory: {value: 60Mi}
`;

t.test(
  'selection: ResourceUsage before ClusterResourceUsage, first document, named containers first',
  async (t) => {
    const rules = parseProfileFile(RULES, FILE);
    const pick = (resource: 'cpu' | 'memory', name: string, namespace: string, container: string) =>
      constant(rules.choose(resource, { name, namespace }, container)?.source);
    t.equal(
      pick('cpu', 'web', 'prod', 'app'),
      0.04,
      "the pod's ResourceUsage beats every ClusterResourceUsage",
    );
    t.equal(
      pick('memory', 'web', 'prod', 'sidecar'),
      50 * Mi,
      'within a document, the usage naming the container',
    );
    t.equal(
      pick('memory', 'web', 'prod', 'app'),
      60 * Mi,
      'the first ResourceUsage gives no memory for app: the next matching one does',
    );
    t.equal(
      pick('cpu', 'api', 'prod', 'app'),
      0.01,
      'among ClusterResourceUsages the first matching one wins',
    );
    t.equal(pick('memory', 'api', 'dev', 'app'), 10 * Mi, 'empty selector: every pod');
    t.equal(rules.choose('cpu', { name: 'api', namespace: 'prod' }, 'app')?.where, `${FILE}:4`);

    const narrow = parseProfileFile(RULES.split('---\n').slice(1).join('---\n'), FILE);
    const narrowPick = (name: string, namespace: string, container: string) =>
      constant(narrow.choose('cpu', { name, namespace }, container)?.source);
    t.equal(
      narrowPick('api', 'prod', 'app'),
      0.03,
      'a usage naming the container beats an earlier one naming none',
    );
    t.equal(narrowPick('api', 'prod', 'other'), 0.02);
    t.equal(narrowPick('api', 'dev', 'app'), 'none', 'matchNamespaces leaves dev out');
    const names = parseProfileFile(
      'kind: ClusterResourceUsage\nspec:\n  selector: {matchNames: [a]}\n  usages:\n  - usage: {cpu: {value: 1}}',
      FILE,
    );
    t.equal(constant(names.choose('cpu', { name: 'a', namespace: 'x' }, '')?.source), 1);
    t.equal(names.choose('cpu', { name: 'b', namespace: 'x' }, ''), null, 'matchNames leaves b out');
  },
);

const input = (rules: ProfileRules, over: Partial<WorkloadInput> = {}): WorkloadInput => ({
  podAnnotations: {},
  containerName: 'app',
  cpuRequestCores: null,
  cpuLimitCores: null,
  memoryRequestBytes: null,
  memoryLimitBytes: null,
  pidsLimit: null,
  nodeMemoryBytes: 1024 * Mi,
  seed: 'ctr',
  podName: 'web',
  podNamespace: 'prod',
  rules,
  ...over,
});

t.test('precedence: annotations (ours, then KWOK) > the file > the default, per resource', async (t) => {
  const rules = parseProfileFile(RULES, FILE);
  const at10s = (over: Partial<WorkloadInput>) => {
    const s = workloadFor(input(rules, over)).sample(10_000);
    return [s.cpuUsageUsec / 10e6, s.memoryUsageBytes];
  };
  t.same(at10s({}), [0.04, 60 * Mi], 'the file');
  t.same(
    at10s({ podAnnotations: { 'kwok.x-k8s.io/usage-cpu': '200m' } }),
    [0.2, 60 * Mi],
    'KWOK beats the file',
  );
  t.same(
    at10s({
      podAnnotations: { 'resource-slot.io/usage-memory': '5Mi', 'kwok.x-k8s.io/usage-memory': '7Mi' },
    }),
    [0.04, 5 * Mi],
    'ours beats KWOK and the file; CPU still from the file',
  );
  t.same(at10s({ podName: 'other', podNamespace: 'dev' }), [0.01, 10 * Mi], 'another pod: the cluster rule');
  const none = parseProfileFile('', FILE);
  t.same(
    at10s({ rules: none, cpuRequestCores: 1, memoryRequestBytes: 100 * Mi }),
    [0.1, 50 * Mi],
    'no rule: the default',
  );
});
