// `resources`: per-pod totals and the node total (pods that hold resources), and one pod's breakdown.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import YAML from 'yaml';
import { startDaemon } from '../helpers/daemon.js';
import { ctlOk, tableRows } from './run-ctl.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../docs/examples');

t.test('resources per pod, for the node, and per container', async (t) => {
  const daemon = await startDaemon(t);
  const { socket } = daemon;
  const web = (await ctlOk(socket, ['runp', path.join(EXAMPLES, 'pod.yaml')])).trim();
  await ctlOk(socket, ['create', web, path.join(EXAMPLES, 'container-web.yaml')]);
  await ctlOk(socket, ['create', web, path.join(EXAMPLES, 'container-log-shipper.yaml')]);
  const small = path.join(daemon.tmp, 'small.yaml');
  fs.writeFileSync(
    small,
    [
      'metadata: {name: small, namespace: default, uid: s1}',
      'annotations: {resources.requests.cpu: 100m, resources.limits.cpu: 250m, resources.limits.memory: 64Mi}',
    ].join('\n'),
  );
  const second = (await ctlOk(socket, ['runp', small])).trim();
  const stopped = (await ctlOk(socket, ['runp', small])).trim();
  await ctlOk(socket, ['stopp', stopped]);

  t.test('json: pods and the node total', async (t) => {
    const document = JSON.parse(await ctlOk(socket, ['resources', '-o', 'json'])) as {
      pods: Array<{ id: string; counted: boolean; totals: Record<string, number | null> }>;
      node: Record<string, number | null>;
    };
    const pod = (id: string) => document.pods.find((candidate) => candidate.id === id);
    t.strictSame(pod(web)?.totals, {
      cpu_request: 1,
      cpu_limit: 1.75,
      memory_request: 402653184,
      memory_limit: 872415232,
      pid_limit: 1024,
    });
    t.strictSame(pod(second)?.totals, {
      cpu_request: 0.1,
      cpu_limit: 0.25,
      memory_request: null,
      memory_limit: 67108864,
      pid_limit: null,
    });
    t.equal(pod(stopped)?.counted, false, 'a stopped pod is listed but not counted');
    t.strictSame(
      document.node,
      {
        pods: 2,
        cpu_request: 1.1,
        cpu_limit: 2,
        memory_request: 402653184,
        memory_limit: 872415232 + 67108864,
        pid_limit: 1024,
      },
      'the node total sums what the created and running pods set',
    );
  });

  t.test('table: one row per pod and the node total', async (t) => {
    const rows = tableRows(await ctlOk(socket, ['resources']));
    t.strictSame(rows[0], ['POD ID', 'NAME', 'STATE', 'CPU REQ', 'CPU LIM', 'MEM REQ', 'MEM LIM', 'PIDS']);
    t.strictSame(rows.at(-1), ['node total', '2 of 3 pods', '1100m', '2', '384Mi', '896Mi', '1024']);
  });

  t.test('--pod: each container, the declared values, the overhead and the total', async (t) => {
    const document = JSON.parse(
      await ctlOk(socket, ['resources', '--pod', web.slice(0, 6), '-o', 'json']),
    ) as {
      pod: Record<string, unknown>;
    };
    t.strictSame(
      YAML.parse(await ctlOk(socket, ['resources', '--pod', web, '-o', 'yaml'])),
      document,
      'yaml too',
    );
    t.match(document.pod, {
      id: web,
      declared: { cpu_request: 0.75, cpu_limit: 1.5, memory_limit: 805306368 },
      overhead: { cpu_request: 0.25, cpu_limit: 0.25, memory_limit: 67108864, memory_request: null },
      totals: { cpu_limit: 1.75 },
      containers: [
        { name: 'web', cpu_request: 0.5, cpu_limit: 1, memory_request: 268435456, memory_limit: 536870912 },
        {
          name: 'log-shipper',
          cpu_request: 0.25,
          cpu_limit: 0.5,
          memory_request: 134217728,
          memory_limit: 268435456,
        },
      ],
    });
    const out = await ctlOk(socket, ['resources', '--pod', web]);
    const lines = out.trimEnd().split('\n');
    t.equal(lines.length, 6, 'header, two containers, declared, overhead, total');
    t.match(lines[3], /^pod declared +web-0 +running +750m +1500m +384Mi +768Mi +1024$/);
    t.match(lines[4], /^pod overhead +250m +250m +- +64Mi +-$/);
    t.match(lines[5], /^pod total +1 +1750m +384Mi +832Mi +1024$/);
    t.equal(lines[3]?.indexOf('750m'), lines[0]?.indexOf('CPU REQ'), 'columns are aligned');
  });
});
