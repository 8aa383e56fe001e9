// runp, pods, inspectp, stopp and rmp end to end: the ctl (in process) against a live daemon (a child process).
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import YAML from 'yaml';
import { readJson, sandboxDirs, startDaemon } from '../helpers/daemon.js';
import { cellStarts, ctl, ctlOk, tableRows } from './run-ctl.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../docs/examples');
const POD = path.join(EXAMPLES, 'pod.yaml');

t.test('a pod through runp, pods, inspectp, stopp and rmp', async (t) => {
  const daemon = await startDaemon(t);
  const { socket } = daemon;

  const id = (await ctlOk(socket, ['runp', POD])).trim();
  t.match(id, /^[0-9a-f]{64}$/, 'runp prints a containerd-style id: 64 hex characters');
  t.strictSame(sandboxDirs(daemon.dir), [id], 'the daemon holds the pod');

  t.test('pods: an aligned table with the pod totals', async (t) => {
    const out = await ctlOk(socket, ['pods']);
    const [header, row, ...rest] = tableRows(out);
    t.strictSame(header, [
      'POD ID',
      'NAME',
      'NAMESPACE',
      'STATE',
      'AGE',
      'CPU REQ',
      'CPU LIM',
      'MEM REQ',
      'MEM LIM',
    ]);
    t.strictSame(rest, []);
    t.equal(row?.[0], id.slice(0, 13), 'ids are truncated as crictl does');
    t.strictSame(row?.slice(1, 4), ['web-0', 'shop', 'running']);
    t.strictSame(row?.slice(5), ['1', '1750m', '384Mi', '832Mi'], 'requests and limits include the overhead');
    const [headerLine, rowLine] = out.split('\n') as [string, string];
    t.strictSame(cellStarts(rowLine), cellStarts(headerLine), 'columns are aligned');
    t.equal((await ctlOk(socket, ['pods', '-q'])).trim(), id, '-q prints the ids');
    t.match(await ctlOk(socket, ['pods', '--no-trunc']), id, '--no-trunc prints whole ids');
    t.equal((await ctlOk(socket, ['pods', '-q', '--namespace', 'other'])).trim(), '', 'filters apply');
  });

  t.test('pods -o json and -o yaml', async (t) => {
    const json = JSON.parse(await ctlOk(socket, ['pods', '-o', 'json'])) as {
      items: Array<Record<string, unknown>>;
    };
    const yaml = YAML.parse(await ctlOk(socket, ['pods', '--output', 'yaml'])) as typeof json;
    t.strictSame(yaml, json, 'the same document in both formats');
    const [pod] = json.items;
    t.match(pod, { id, name: 'web-0', namespace: 'shop', state: 'running', labels: { app: 'web' } });
    t.match(pod?.['totals'], { cpu_limit: 1.75, cpu_request: 1, memory_limit: 872415232, pid_limit: 1024 });
  });

  t.test('inspectp: verbose Status and the resources, by a unique prefix', async (t) => {
    const document = JSON.parse(await ctlOk(socket, ['inspectp', id.slice(0, 6)])) as Record<
      string,
      Record<string, unknown>
    >;
    t.match(document['status'], { id, state: 'SANDBOX_READY', version: 3, name: 'web-0' });
    t.match(document['status']?.['address'], /^grpc\+\//, 'the task address');
    t.match(document['info'], { state: 'running', config: { metadata: { name: 'web-0' } } });
    const file = readJson(path.join(daemon.dir, id, 'resources.json'));
    t.strictSame(document['resources'], file, 'resources are laid out as resources.json');
    const table = await ctlOk(socket, ['inspectp', '-o', 'table', id]);
    t.match(table, /^ID: +[0-9a-f]{64}$/m);
    t.match(table, /^CPU request\/limit: +1 \/ 1750m$/m);
  });

  t.test('rmp refuses a pod that is not stopped', async (t) => {
    const refused = await ctl(socket, ['rmp', id]);
    t.equal(refused.code, 1);
    t.match(refused.stderr, /^resource-slot-ctl rmp: FAILED_PRECONDITION: pod sandbox [0-9a-f]+ is running/);
    t.strictSame(sandboxDirs(daemon.dir), [id], 'nothing was removed');
  });

  t.test('stopp, then rmp', async (t) => {
    t.equal(await ctlOk(socket, ['stopp', id.slice(0, 8)]), `Stopped sandbox ${id}\n`);
    t.match(JSON.parse(await ctlOk(socket, ['pods', '-o', 'json'])), { items: [{ id, state: 'stopped' }] });
    t.equal(await ctlOk(socket, ['stopp', id]), `Stopped sandbox ${id}\n`, 'stopping twice succeeds');
    t.equal(await ctlOk(socket, ['rmp', id]), `Removed sandbox ${id}\n`);
    t.strictSame(sandboxDirs(daemon.dir), [], 'the pod and its directory are gone');
    t.equal((await ctlOk(socket, ['pods', '-q'])).trim(), '');
  });
});

t.test('rmp --force removes a running pod; runp reads JSON too', async (t) => {
  const daemon = await startDaemon(t);
  const json = path.join(daemon.tmp, 'pod.json');
  fs.writeFileSync(json, JSON.stringify({ metadata: { name: 'json-pod', namespace: 'default', uid: 'u1' } }));
  const id = (await ctlOk(daemon.socket, ['runp', json])).trim();
  t.match(JSON.parse(await ctlOk(daemon.socket, ['pods', '-o', 'json'])), {
    items: [{ id, name: 'json-pod' }],
  });
  t.equal(await ctlOk(daemon.socket, ['rmp', '--force', id]), `Removed sandbox ${id}\n`);
  t.strictSame(sandboxDirs(daemon.dir), []);
});

t.test('bad pod configs fail with INVALID_ARGUMENT and create nothing', async (t) => {
  const daemon = await startDaemon(t);
  const write = (name: string, text: string): string => {
    const file = path.join(daemon.tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const cases: Array<[string, string, RegExp]> = [
    ['no-name.yaml', 'metadata:\n  namespace: default\n', /INVALID_ARGUMENT: .*metadata\.name is required/],
    ['broken.yaml', 'metadata: [\n', /INVALID_ARGUMENT: .*is not valid YAML or JSON/],
    ['list.yaml', '- a\n- b\n', /INVALID_ARGUMENT: .*must be a mapping/],
    [
      'bad-quota.yaml',
      'metadata: {name: p}\nlinux:\n  resources:\n    cpu_quota: 50000\n',
      /INVALID_ARGUMENT: options\.linux\.resources\.cpu_quota/,
    ],
  ];
  for (const [name, text, message] of cases) {
    const result = await ctl(daemon.socket, ['runp', write(name, text)]);
    t.equal(result.code, 1, `${name}: exit status 1`);
    t.match(result.stderr, message, `${name}: ${String(message)}`);
  }
  const missing = await ctl(daemon.socket, ['runp', path.join(daemon.tmp, 'nope.yaml')]);
  t.match(missing.stderr, /cannot read pod config/);
  t.strictSame(sandboxDirs(daemon.dir), [], 'no pod was created');
});
