// The --policy file: what it reads (with the API server's LimitRange defaulting) and how it refuses, file:line.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { loadPolicyFile } from '../../src/node/policy/policy-loader.js';
import { parsePolicyFile } from '../../src/node/policy/policy-file.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../docs/examples/policy.yaml');
const FILE = '/etc/rs/policy.yaml';

const texts = (list: Record<string, { text: string } | undefined>) =>
  Object.fromEntries(Object.entries(list).map(([name, quantity]) => [name, quantity?.text]));

t.test('the example in docs/examples reads as documented', async (t) => {
  const policy = await loadPolicyFile(EXAMPLE);
  t.equal(policy.limitRanges.length, 1);
  const [range] = policy.limitRanges;
  t.equal(range?.namespace, 'shop');
  t.equal(range?.name, 'container-limits');
  const item = range?.items[0];
  t.strictSame(texts(item?.max ?? {}), { cpu: '2', memory: '2Gi' });
  t.strictSame(texts(item?.defaultRequest ?? {}), { cpu: '100m', memory: '128Mi' });
  t.match(item?.rule, {
    kind: 'LimitRange',
    namespace: 'shop',
    name: 'container-limits',
    item: 'limits[0]',
    line: 11,
  });
  const [quota] = policy.quotas;
  t.strictSame(texts(quota?.hard ?? {}), {
    pods: '10',
    'requests.cpu': '4',
    'requests.memory': '8Gi',
    'limits.cpu': '8',
    'limits.memory': '16Gi',
  });
  t.match(quota?.rule, { kind: 'ResourceQuota', namespace: 'shop', name: 'compute', line: 18 });
  t.equal(policy.findings.memoryLimitFloorBytes, 6 * 2 ** 20);
  t.strictSame([...policy.findings.refuse], ['memory-limit-below-floor', 'swap-below-memory-limit']);
  t.match(policy.findings.rule, { kind: 'Findings', name: 'strict', line: 31 });
});

t.test(
  'a LimitRange item is defaulted as the API server does: default from max, defaultRequest from default, then min',
  async (t) => {
    const policy = parsePolicyFile(
      [
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata: {name: lr}',
        'spec:',
        '  limits:',
        '    - {type: Container, max: {cpu: "1"}, min: {memory: 32Mi}}',
        '    - {type: Container, default: {memory: 1Gi}}',
      ].join('\n'),
      FILE,
    );
    const [first, second] = policy.limitRanges[0]?.items ?? [];
    t.equal(policy.limitRanges[0]?.namespace, 'default', 'no namespace is kubectl\'s "default"');
    t.strictSame(texts(first?.default ?? {}), { cpu: '1' });
    t.strictSame(texts(first?.defaultRequest ?? {}), { cpu: '1', memory: '32Mi' });
    t.strictSame(texts(second?.defaultRequest ?? {}), { memory: '1Gi' });
    t.equal(second?.rule.line, 7);
  },
);

t.test('an empty file, or empty documents, is an empty policy', async (t) => {
  for (const text of ['', '# nothing\n', '---\n---\n']) {
    const policy = parsePolicyFile(text, FILE);
    t.strictSame(
      [policy.limitRanges, policy.quotas, policy.findings.rule],
      [[], [], null],
      JSON.stringify(text),
    );
  }
});

t.test('a bad file is refused whole, naming file:line, the field and the problem', async (t) => {
  const cases: Array<[string[], string]> = [
    [['kind: [oops'], `${FILE}:1: policy: YAML:`],
    [
      ['apiVersion: v1', 'kind: Pod', 'metadata: {name: x}'],
      `${FILE}:2: kind: unknown kind "Pod" (known: LimitRange, ResourceQuota, Findings)`,
    ],
    [
      ['apiVersion: v2', 'kind: LimitRange', 'metadata: {name: x}'],
      `${FILE}:1: apiVersion: a LimitRange is v1, got "v2"`,
    ],
    [
      ['apiVersion: v1', 'kind: LimitRange', 'metadata: {name: x}', 'status: {}'],
      `${FILE}:4: object.status: unknown field (known: apiVersion, kind, metadata, spec)`,
    ],
    [
      ['apiVersion: v1', 'kind: LimitRange', 'metadata: {namespace: shop}'],
      `${FILE}:1: metadata.name: is required`,
    ],
    [
      [
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata: {name: x}',
        'spec:',
        '  limits:',
        '    - type: Pod',
        '      max: {cpu: 1}',
      ],
      `${FILE}:6: spec.limits[0].type: Pod is not supported: ResourceSlot sees a pod's containers one task Create at a time (only Container)`,
    ],
    [
      [
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata: {name: x}',
        'spec:',
        '  limits:',
        '    - type: Container',
        '      max:',
        '        ephemeral-storage: 1Gi',
      ],
      `${FILE}:8: spec.limits[0].max.ephemeral-storage: ResourceSlot checks cpu and memory only (known: cpu, memory)`,
    ],
    [
      [
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata: {name: x}',
        'spec:',
        '  limits:',
        '    - type: Container',
        '      min: {cpu: -1}',
      ],
      `${FILE}:7: spec.limits[0].min.cpu: must not be negative, got -1`,
    ],
    [
      [
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata: {name: x}',
        'spec:',
        '  limits:',
        '    - type: Container',
        '      min: {cpu: 2}',
        '      max: {cpu: 1}',
      ],
      `${FILE}:6: spec.limits[0].min.cpu: min value 2 is greater than max value 1`,
    ],
    [
      [
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata: {name: x}',
        'spec:',
        '  limits:',
        '    - type: Container',
        '      maxLimitRequestRatio: {cpu: 500m}',
      ],
      `${FILE}:6: spec.limits[0].maxLimitRequestRatio.cpu: ratio 500m is less than 1`,
    ],
    [
      [
        'apiVersion: v1',
        'kind: ResourceQuota',
        'metadata: {name: q}',
        'spec:',
        '  hard:',
        '    count/pods: 3',
      ],
      `${FILE}:6: spec.hard.count/pods: ResourceSlot counts these only (known: pods, cpu, memory, requests.cpu, requests.memory, limits.cpu, limits.memory)`,
    ],
    [
      ['apiVersion: v1', 'kind: ResourceQuota', 'metadata: {name: q}', 'spec:', '  hard: {pods: 1.5}'],
      `${FILE}:5: spec.hard.pods: must be a whole number, got 1.5`,
    ],
    [
      ['apiVersion: v1', 'kind: ResourceQuota', 'metadata: {name: q}', 'spec:', '  scopes: [BestEffort]'],
      `${FILE}:5: spec.scopes: unknown field (known: hard)`,
    ],
    [
      [
        'apiVersion: resource-slot.io/v1',
        'kind: Findings',
        'metadata: {name: f}',
        'spec:',
        '  refuse: [too-small]',
      ],
      `${FILE}:5: spec.refuse[0]: unknown finding "too-small" (known: memory-limit-below-floor,`,
    ],
    [
      ['apiVersion: resource-slot.io/v1', 'kind: Findings', 'metadata: {name: f, namespace: shop}'],
      `${FILE}:3: metadata.namespace: Findings applies to every namespace: it has none`,
    ],
    [
      [
        'apiVersion: resource-slot.io/v1',
        'kind: Findings',
        'metadata: {name: f}',
        '---',
        'apiVersion: resource-slot.io/v1',
        'kind: Findings',
        'metadata: {name: g}',
      ],
      `${FILE}:5: metadata.name: the file has one Findings object at most`,
    ],
    [
      [
        'apiVersion: v1',
        'kind: ResourceQuota',
        'metadata: {name: q, namespace: a}',
        '---',
        'apiVersion: v1',
        'kind: ResourceQuota',
        'metadata: {name: q, namespace: a}',
      ],
      `${FILE}:5: metadata.name: ResourceQuota a/q is defined twice`,
    ],
  ];
  for (const [lines, message] of cases)
    t.throws(
      () => parsePolicyFile(lines.join('\n'), FILE),
      { kind: 'InvalidArgument', message: new RegExp(`^${escape(message)}`) },
      message,
    );
});

t.test('an unreadable file names itself', async (t) => {
  const missing = path.join(fs.mkdtempSync('/tmp/rs-policy-'), 'absent.yaml');
  await t.rejects(loadPolicyFile(missing), { message: /^policy: cannot read the policy file: ENOENT/ });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
