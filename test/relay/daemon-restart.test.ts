/**
 * The real daemon with its task relay (the command line's default): containerd's view of the task socket does not
 * change when the daemon restarts, so a pending Wait is answered by the next daemon.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { Metrics } from '../../src/generated/cgroups/v2/metrics.js';
import type { StatsResponse } from '../../src/generated/containerd/runtime/task/v3/shim.js';
import { isRelayProcess } from '../../src/relay/launch.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, status } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';

const BIN = new URL('../../src/cli/bin/resource-slot-sandboxer.js', import.meta.url).pathname;
const RELAY = ['--task-relay', 'on'];
const SIGKILL_STATUS = 128 + 9;

function relayPid(daemon: TestDaemon): number {
  const line = daemon
    .logs()
    .split('\n')
    .find((entry) => entry.includes('resource-slot-sandboxer serving'));
  return (JSON.parse(line ?? '{}') as { taskRelayPid: number }).taskRelayPid;
}

async function runningContainer(t: Test, daemon: TestDaemon) {
  const api = controllerCalls(daemon.controller);
  await api.create(createRequest('pod'));
  const started = await api.start('pod');
  t.equal(started.address, `grpc+${path.join(daemon.dir, 'task.sock')}`, 'containerd dials the relay');
  const client = taskClient(started.address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  await tasks.create('app', writeBundle(daemon.tmp, 'app', 'pod'));
  await tasks.start('app');
  return tasks;
}

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
  t.test(`a Wait held across a daemon restart (${signal})`, async (t) => {
    const first = await startDaemon(t, RELAY);
    const pid = relayPid(first);
    t.ok(isRelayProcess(pid), 'the daemon started a relay');
    const tasks = await runningContainer(t, first);
    const waiting = tasks.wait('app');
    await new Promise((resolve) => setTimeout(resolve, 200));

    const cpuOf = async (stats: Promise<StatsResponse>) =>
      Metrics.decode((await stats).stats?.value ?? Buffer.alloc(0)).cpu?.usageUsec ?? 0;
    const cpuBefore = await cpuOf(tasks.stats('app'));

    await first.stop(signal);
    t.ok(isRelayProcess(pid), 'the relay outlives the daemon');
    // Asked while no daemon serves: the relay holds it and asks the next daemon.
    const heldStats = cpuOf(tasks.stats('app'));
    const second = await startDaemon(t, RELAY, first.tmp);
    t.equal(relayPid(second), pid, 'the next daemon keeps the same relay');
    t.match(second.logs(), '"taskRelayReused":true');

    t.equal((await tasks.state('app')).pid > 0, true, 'the recovered container answers through the relay');
    t.ok(
      (await heldStats) > cpuBefore,
      'a Stats asked during the restart is answered, its CPU counter grown',
    );
    await tasks.kill('app', 9);
    t.equal(
      (await waiting).exitStatus,
      SIGKILL_STATUS,
      "the Wait made before the restart hears the new daemon's exit",
    );
  });
}

t.test(
  'with --task-relay off the daemon stops a relay left on its --dir and serves the socket itself',
  async (t) => {
    const first = await startDaemon(t, RELAY);
    const pid = relayPid(first);
    await first.stop('SIGTERM');
    const second = await startDaemon(t, ['--task-relay', 'off'], first.tmp);
    t.notOk(isRelayProcess(pid), 'the relay is gone');
    t.match(second.logs(), 'Stopping the task relay a previous daemon left running');
    const api = controllerCalls(second.controller);
    await api.create(createRequest('pod'));
    const client = taskClient((await api.start('pod')).address);
    t.teardown(() => client.close());
    const connect = await taskCalls(client)
      .connect('pod')
      .then(() => status.OK)
      .catch((error: { code: number }) => error.code);
    t.equal(connect, status.NOT_FOUND, 'the daemon answers on the task socket itself');
  },
);

t.test('the relay gives up after --task-relay-grace without a daemon, and its Waits fail', async (t) => {
  const daemon = await startDaemon(t, [...RELAY, '--task-relay-grace', '1']);
  const pid = relayPid(daemon);
  const tasks = await runningContainer(t, daemon);
  const waiting = tasks.wait('app').catch((error: { code: number }) => error);
  await daemon.stop('SIGKILL');
  const error = (await waiting) as { code: number };
  t.equal(error.code, status.UNAVAILABLE, 'containerd hears the task is unreachable');
  const deadline = Date.now() + 10_000;
  while (isRelayProcess(pid) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  t.notOk(isRelayProcess(pid), 'the relay exited');
  t.notOk(fs.existsSync(path.join(daemon.dir, 'task.sock')), 'and removed its socket');
  t.notOk(fs.existsSync(path.join(daemon.dir, 'task-relay.json')), 'and its info file');
});

t.test('a daemon with another --task-listen replaces the relay it finds', async (t) => {
  const first = await startDaemon(t, RELAY);
  const pid = relayPid(first);
  await first.stop('SIGTERM');
  const elsewhere = path.join(first.tmp, 'other-task.sock');
  const second = await startDaemon(t, [...RELAY, '--task-listen', elsewhere], first.tmp);
  t.notOk(isRelayProcess(pid), 'the old relay was stopped');
  t.not(relayPid(second), pid);
  t.ok(isRelayProcess(relayPid(second)), 'a new one serves');
  t.match(second.logs(), 'Replacing a task relay set up for other sockets');
  const api = controllerCalls(second.controller);
  await api.create(createRequest('pod'));
  t.equal((await api.start('pod')).address, `grpc+${elsewhere}`);
});

t.test('a relay that cannot start stops the daemon with its reason', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-relay-'));
  t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const blocked = path.join(tmp, 'task.sock');
  fs.writeFileSync(blocked, 'not a socket');
  const result = spawnSync(
    process.execPath,
    [BIN, '--listen', path.join(tmp, 'rs.sock'), '--dir', path.join(tmp, 'state'), '--task-listen', blocked],
    { encoding: 'utf8', timeout: 60_000 },
  );
  t.equal(result.status, 1);
  t.match(
    result.stderr,
    /the task relay exited with status 1 on .*task\.sock; its log: .*exists and is not a socket/,
  );
  t.notOk(fs.existsSync(path.join(tmp, 'rs.sock')), 'the daemon never served');
});
