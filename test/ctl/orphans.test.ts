// `orphans` end to end: the ctl (in process) against a real daemon (a child process) whose --containerd-address is
// a fake containerd on a temp socket.
import path from 'node:path';
import t from 'tap';
import { sandboxDirs, startDaemon } from '../helpers/daemon.js';
import { startFakeContainerd } from '../helpers/fake-containerd.js';
import { controllerCalls, createRequest } from '../helpers/requests.js';
import { ctl, ctlOk, tableRows } from './run-ctl.js';

const POD = path.resolve(import.meta.dirname, '../../docs/examples/pod.yaml');
const GRACE_SECONDS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('orphans lists what containerd does not know; --remove removes those past the grace', async (t) => {
  const containerd = await startFakeContainerd(t, { records: { 'k8s.io': ['known'] } });
  // The daemon's own reconcile runs at start-up and then not for an hour: what happens here is the ctl's doing.
  const daemon = await startDaemon(t, [
    ...['--containerd-address', containerd.socket, '--reconcile-interval', '3600'],
    ...['--unstarted-grace', String(GRACE_SECONDS)],
  ]);
  const { socket } = daemon;
  const api = controllerCalls(daemon.controller);
  for (const id of ['known', 'orphan-old']) {
    await api.create(createRequest(id));
    await api.start(id);
  }
  // resource-slot-ctl's own pods carry its sandboxer name: they were never containerd's.
  const ctlPod = (await ctlOk(socket, ['runp', POD])).trim();
  await sleep(GRACE_SECONDS * 1000 + 200);
  await api.create(createRequest('orphan-young'));
  await api.start('orphan-young');

  t.test('the table', async (t) => {
    const [header, ...rows] = tableRows(await ctlOk(socket, ['orphans']));
    t.strictSame(header, ['POD ID', 'NAME', 'NAMESPACE', 'STATE', 'AGE', 'GRACE']);
    t.strictSame(
      rows.map((row) => row.slice(0, 4)),
      [
        ['orphan-old', 'pod', 'default', 'running'],
        ['orphan-young', 'pod', 'default', 'running'],
      ],
      'oldest first',
    );
    t.equal(rows[0]?.[5], 'passed');
    t.match(rows[1]?.[5], /^[0-2]s left$/, 'the young one says how long it has left');
    t.match(rows[0]?.[4], /^[3-9]s$/, 'age');
    t.equal(await ctlOk(socket, ['orphans', '-q']), 'orphan-old\norphan-young\n');
  });

  t.test('-o json', async (t) => {
    const document = JSON.parse(await ctlOk(socket, ['orphans', '-o', 'json'])) as Record<string, unknown>;
    t.match(document, {
      containerdAddress: containerd.socket,
      graceSeconds: GRACE_SECONDS,
      items: [
        { id: 'orphan-old', state: 'running', pastGrace: true, name: 'pod', namespace: 'default' },
        { id: 'orphan-young', state: 'running', pastGrace: false },
      ],
    });
    t.match((document['items'] as Array<{ createdAt: string }>)[0]?.createdAt, /^\d{4}-\d\d-\d\dT/);
  });

  t.test('--remove', async (t) => {
    const out = await ctlOk(socket, ['orphans', '--remove']);
    t.match(out.trimEnd().split('\n'), [
      'Removed orphan orphan-old (running)',
      /^Kept orphan-young: younger than the grace \([0-2]s left\)$/,
    ]);
    t.equal(out.trimEnd().split('\n').length, 2);
    t.strictSame(
      sandboxDirs(daemon.dir).sort(),
      ['known', 'orphan-young', ctlPod].sort(),
      'the orphan is gone from --dir; the known pod, the young one and the ctl pod stay',
    );
    t.equal(await ctlOk(socket, ['orphans', '-q']), 'orphan-young\n');
    t.match(daemon.logs(), /"sandboxId":"orphan-old"/, 'the daemon logged the Stop and Shutdown');
  });
});

t.test('orphans against a daemon without --containerd-address, and with containerd gone', async (t) => {
  const plain = await startDaemon(t);
  const refused = await ctl(plain.socket, ['orphans']);
  t.equal(refused.code, 1);
  t.match(refused.stderr, /^resource-slot-ctl orphans: FAILED_PRECONDITION: .*--containerd-address/);

  const containerd = await startFakeContainerd(t, { records: { 'k8s.io': [] } });
  const daemon = await startDaemon(t, ['--containerd-address', containerd.socket]);
  await containerd.stop();
  const down = await ctl(daemon.socket, ['orphans', '--remove']);
  t.equal(down.code, 1);
  t.match(
    down.stderr,
    new RegExp(`^resource-slot-ctl orphans: UNAVAILABLE: containerd at ${containerd.socket}`),
  );
  t.notMatch(
    down.stderr,
    /is resource-slot-sandboxer running/,
    "no hint about the daemon's socket: it answered",
  );
});
