// `node`: the simulated node's resources, what its pods allocate and use, admission, and findings.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { startDaemon } from '../helpers/daemon.js';
import { ctl, ctlOk, tableRows } from './run-ctl.js';

const POLICY = [
  'apiVersion: resource-slot.io/v1',
  'kind: Findings',
  'metadata: {name: strict}',
  'spec: {refuse: [memory-limit-below-floor]}',
].join('\n');

function podFile(dir: string, name: string, annotations: Record<string, string>): string {
  const file = path.join(dir, `${name}.yaml`);
  const pairs = Object.entries(annotations).map(([key, value]) => `${key}: ${value}`);
  fs.writeFileSync(
    file,
    [
      `metadata: {name: ${name}, namespace: default, uid: ${name}-uid}`,
      `annotations: {${pairs.join(', ')}}`,
    ].join('\n'),
  );
  return file;
}

t.test('resources, allocation, admission and findings', async (t) => {
  const tmp = fs.mkdtempSync('/tmp/rs-ctl-node-');
  const policy = path.join(tmp, 'policy.yaml');
  fs.writeFileSync(policy, POLICY);
  const daemon = await startDaemon(
    t,
    [
      ...['--capacity', 'cpu=2,memory=4Gi,pods=10,ephemeral-storage=10Gi,hugepages-2Mi=256Mi'],
      ...['--reserved', 'cpu=100m,memory=256Mi', '--policy', policy],
    ],
    tmp,
  );
  const { socket } = daemon;
  await ctlOk(socket, [
    'runp',
    podFile(tmp, 'app', {
      'resources.requests.cpu': '500m',
      'resources.limits.cpu': '1',
      'resources.limits.memory': '512Mi',
    }),
  ]);
  const tiny = (
    await ctlOk(socket, ['runp', podFile(tmp, 'tiny', { 'resources.limits.memory': '4Mi' })])
  ).trim();

  // The flags and numbers of docs/node.md's worked example.
  t.test('the table: one row per resource, then the admission summary', async (t) => {
    const text = await ctlOk(socket, ['node']);
    const [resources, summary] = text.split('\n\n');
    // Memory: 4Gi − 256Mi − 100Mi − 256Mi of hugepages = 3484Mi. Storage: 10% of 10Gi as kubelet's float32 keeps
    // 10·2^30·0.1 + 10·1.6 = 1073741840 bytes back, leaving 9663676400.
    t.strictSame(
      tableRows(resources ?? '').map((row) => row.slice(0, 7)),
      [
        ['RESOURCE', 'CAPACITY', 'RESERVED', 'EVICTION', 'ALLOCATABLE', 'REQUESTS', 'LIMITS'],
        ['cpu', '2', '100m', '-', '1900m', '500m (26%)', '1 (52%)'],
        ['memory', '4Gi', '256Mi', '100Mi', '3484Mi', '516Mi (14%)', '516Mi (14%)'],
        ['pods', '10', '-', '-', '10', '2 (20%)', '-'],
        ['ephemeral-storage', '10Gi', '-', '1073741840', '9663676400', '-', '-'],
        ['hugepages-2Mi', '256Mi', '-', '-', '256Mi', '-', '-'],
      ],
    );
    t.match(tableRows(resources ?? '')[1]?.[7], /^\d+m$/, 'cpu used in millicores');
    t.match(tableRows(resources ?? '')[2]?.[7], /^\d+Mi$/, 'memory used in Mi');
    t.strictSame(tableRows(summary ?? '').slice(0, 3), [
      ['Admission:', 'warn: 1 admitted, 1 warned, 0 refused (Finding 1)'],
      [
        'Eviction hard:',
        'memory.available<100Mi,nodefs.available<10%,nodefs.inodesFree<5%,imagefs.available<15%',
      ],
      ['Policy:', `${policy} (0 LimitRange, 0 ResourceQuota, refusing memory-limit-below-floor)`],
    ]);
  });

  t.test('--findings lists each pod finding and whether the policy refuses it', async (t) => {
    const text = await ctlOk(socket, ['node', '--findings', '--no-trunc']);
    const findings = text.split('\n\n')[2] ?? '';
    t.strictSame(tableRows(findings), [
      ['POD ID', 'POD', 'NAMESPACE', 'CONTAINER', 'FINDING', 'REFUSES', 'MESSAGE'],
      [
        tiny,
        'tiny',
        'default',
        '(pod)',
        'memory-limit-below-floor',
        'yes',
        'memory limit 4Mi is below the floor of 6Mi',
      ],
    ]);
  });

  t.test('-o json: the exact numbers', async (t) => {
    const document = JSON.parse(await ctlOk(socket, ['node', '-o', 'json', '--findings'])) as {
      allocated: Record<string, number>;
      admission: { mode: string; reasons: Record<string, number> };
      findings: Array<{ sandboxId: string }>;
      resources: Array<{ name: string; allocatableValue: number }>;
    };
    t.strictSame(document.allocated, {
      pods: 2,
      cpuRequestsMillis: 500,
      memoryRequestsBytes: 516 * 2 ** 20,
      cpuLimitsMillis: 1000,
      memoryLimitsBytes: 516 * 2 ** 20,
    });
    t.strictSame(
      document.resources.map((resource) => [resource.name, resource.allocatableValue]),
      [
        ['cpu', 1900],
        ['memory', 3484 * 2 ** 20],
        ['pods', 10],
        ['ephemeral-storage', 9663676400],
        ['hugepages-2Mi', 256 * 2 ** 20],
      ],
    );
    t.match(document.admission, { mode: 'warn', reasons: { Finding: 1 } });
    t.strictSame(
      document.findings.map((pod) => pod.sandboxId),
      [tiny],
    );
  });

  t.test('node takes no arguments', async (t) => {
    const result = await ctl(socket, ['node', 'extra']);
    t.equal(result.code, 2);
  });
});
