/**
 * service/kuasar-resource-slot.service keeps its promise to containerd: it is a valid unit (systemd-analyze verify),
 * it is Type=notify, and the daemon started with the unit's flags tells systemd it is ready only once both of its
 * sockets (the Controller socket and the relay's task socket) answer.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { startDaemon } from '../helpers/daemon.js';

const UNIT = new URL('../../service/kuasar-resource-slot.service', import.meta.url).pathname;
const CHECKOUT = path.resolve(path.dirname(UNIT), '..');
const unit = fs.readFileSync(UNIT, 'utf8');

function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

t.test('the unit is Type=notify with NotifyAccess=all, ordered before containerd', async (t) => {
  const service = (key: string) => unit.match(new RegExp(`^${key}=(.*)$`, 'm'))?.[1];
  t.equal(service('Type'), 'notify');
  t.equal(service('NotifyAccess'), 'all', 'systemd-notify is a child of the daemon, not its main process');
  t.equal(service('Before'), 'containerd.service');
});

// Outside CI a machine without systemd skips this with the reason; under CI it must run (.ci/run installs it).
const noAnalyze =
  !hasCommand('systemd-analyze') && !process.env.CI
    ? 'systemd-analyze is not installed (apt-get install systemd)'
    : false;

t.test('systemd-analyze verify accepts the unit', { skip: noAnalyze }, async (t) => {
  if (!hasCommand('systemd-analyze')) {
    t.fail('systemd-analyze is missing under CI (apt-get install systemd): .ci/run should install it');
    return;
  }
  // verify checks that ExecStart's program exists: point the unit at this checkout and this node.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-unit-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const copy = path.join(dir, path.basename(UNIT));
  fs.writeFileSync(
    copy,
    unit.replaceAll('/usr/bin/node', process.execPath).replaceAll('/opt/resource-slot', CHECKOUT),
  );
  let output = '';
  try {
    output = execFileSync('systemd-analyze', ['verify', copy], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    t.fail(`systemd-analyze verify failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
    return;
  }
  t.pass(`verified ${output}`);
});

t.test('READY=1 is sent only once both sockets answer', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-notify-'));
  const bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  const record = path.join(tmp, 'notified.jsonl');
  const socket = path.join(tmp, 'sandboxer.sock');
  const taskSocket = path.join(tmp, 'state', 'task.sock');
  // A stand-in for systemd-notify: at the moment the daemon runs it, it probes both sockets and records what it saw.
  fs.writeFileSync(
    path.join(bin, 'systemd-notify'),
    `#!${process.execPath}
const net = require('node:net');
const fs = require('node:fs');
const probe = (p) => new Promise((resolve) => {
  const c = net.connect(p, () => { c.destroy(); resolve(true); });
  c.on('error', () => resolve(false));
});
Promise.all([probe(${JSON.stringify(socket)}), probe(${JSON.stringify(taskSocket)})]).then(([controller, task]) => {
  fs.appendFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), notifySocket: process.env.NOTIFY_SOCKET, controller, task }) + '\\n');
});
`,
    { mode: 0o755 },
  );
  const saved = { PATH: process.env.PATH, NOTIFY_SOCKET: process.env.NOTIFY_SOCKET };
  process.env.PATH = `${bin}:${process.env.PATH ?? ''}`;
  process.env.NOTIFY_SOCKET = path.join(tmp, 'notify.sock');
  t.teardown(() => {
    process.env.PATH = saved.PATH;
    if (saved.NOTIFY_SOCKET === undefined) delete process.env.NOTIFY_SOCKET;
    else process.env.NOTIFY_SOCKET = saved.NOTIFY_SOCKET;
  });
  // The unit's flags, on temp paths, with the task relay on (the default the unit uses).
  const daemon = await startDaemon(t, ['--task-relay', 'on', '--log-format', 'json'], tmp);
  const deadline = Date.now() + 10_000;
  while (!fs.existsSync(record) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const lines = fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim().split('\n') : [];
  t.equal(lines.length, 1, 'systemd-notify ran once');
  const notified = JSON.parse(lines[0] ?? '{}') as {
    argv: string[];
    notifySocket: string;
    controller: boolean;
    task: boolean;
  };
  t.ok(notified.argv.includes('--ready'), `READY=1 was sent: ${notified.argv.join(' ')}`);
  t.equal(notified.notifySocket, process.env.NOTIFY_SOCKET, 'with the manager socket it was given');
  t.same({ controller: notified.controller, task: notified.task }, { controller: true, task: true });
  t.equal(await daemon.stop('SIGTERM'), 0);
  const after = fs.readFileSync(record, 'utf8').trim().split('\n');
  t.match(after.at(-1), /STOPPING=1/, 'STOPPING=1 on orderly shutdown');
});

t.test('without NOTIFY_SOCKET nothing is sent', async (t) => {
  const daemon = await startDaemon(t, []);
  t.notMatch(daemon.logs(), /Told systemd/);
  t.equal(await daemon.stop('SIGTERM'), 0);
});
