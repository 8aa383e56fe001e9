import { spawn, type ChildProcess } from 'node:child_process';
import t from 'tap';
import { stopGroups } from '../../src/cluster/down.js';
import { isSameProcess, parseStartTime, processStartTime } from '../../src/cluster/process-identity.js';
import type { ProcessRecord } from '../../src/cluster/state.js';
import { stopProcess } from '../../src/cluster/stop-process.js';

t.test('the start time is field 22, whatever the command name holds', async (t) => {
  const fields = (name: string) =>
    `123 (${name}) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 987654 20 21`;
  t.equal(parseStartTime(fields('etcd')), 987654);
  t.equal(parseStartTime(fields('a) b (c')), 987654);
  t.equal(parseStartTime('garbage'), undefined);
});

t.test('a process is ours only while pid and start time both match', async (t) => {
  const own = processStartTime(process.pid);
  t.type(own, 'number');
  t.ok(isSameProcess(process.pid, own!));
  t.notOk(isSameProcess(process.pid, own! + 1), 'a reused pid is someone else');
  t.notOk(isSameProcess(2 ** 22 + 7, 0), 'no such pid');
});

const record = (name: string, pid = 1, startTime = 0): ProcessRecord => ({
  name,
  pid,
  startTime,
  command: name,
  log: '/dev/null',
  health: { kind: 'socket', path: '/x' },
});

t.test('stop order: reverse start order, each kind of node process together', async (t) => {
  const order = [
    'etcd',
    'kube-apiserver',
    'node-1/resource-slot',
    'node-2/resource-slot',
    'node-1/containerd',
    'node-2/containerd',
    'node-1/kubelet',
    'node-2/kubelet',
    'metrics-server',
  ];
  t.same(
    stopGroups(order.map((name) => record(name))).map((group) => group.map((r) => r.name)),
    [
      ['metrics-server'],
      ['node-2/kubelet', 'node-1/kubelet'],
      ['node-2/containerd', 'node-1/containerd'],
      ['node-2/resource-slot', 'node-1/resource-slot'],
      ['kube-apiserver'],
      ['etcd'],
    ],
  );
});

/** A node child that has set up `code` and said so (a signal sent earlier would find no handler yet). */
async function child(code: string): Promise<ChildProcess> {
  const started = spawn(process.execPath, ['-e', `${code}; console.log('ready')`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise((resolve) => started.stdout!.once('data', resolve));
  return started;
}

t.test(
  'stopProcess: SIGTERM, then SIGKILL for a process that ignores it; a gone one is left alone',
  async (t) => {
    const stubborn = await child("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)");
    t.teardown(() => stubborn.kill('SIGKILL'));
    const stubbornRecord = record('stubborn', stubborn.pid!, processStartTime(stubborn.pid!)!);
    t.equal(await stopProcess(stubbornRecord, 300), 'killed');
    t.equal(await stopProcess(stubbornRecord, 300), 'not running');

    const polite = await child('setInterval(() => {}, 1000)');
    t.equal(
      await stopProcess(record('polite', polite.pid!, processStartTime(polite.pid!)!), 5_000),
      'stopped',
    );
    t.equal(
      await stopProcess(record('impostor', process.pid, 1), 100),
      'not running',
      'our own pid, not our start time',
    );
  },
);
