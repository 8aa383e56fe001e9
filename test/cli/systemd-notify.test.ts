/**
 * src/cli/systemd-notify.ts on its own: when it runs systemd-notify and with what, and that every failure is a log
 * line, never an exception. The daemon's use of it, as the unit starts it: test/service/readiness.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { announceReady, announceStopping } from '../../src/cli/systemd-notify.js';
import { createLogger } from '../../src/log/logger.js';

function capture() {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', format: 'json', destination: { write: (l) => lines.push(l) } });
  return { log, entries: () => lines.map((l) => JSON.parse(l) as { level: number; msg: string }) };
}

function scratch(t: Test): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-notify-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A stand-in systemd-notify that appends its argv and $NOTIFY_SOCKET to `<dir>/calls`, then exits `status`. */
function fakeNotify(dir: string, status = 0): { command: string; calls: () => string[][] } {
  const command = path.join(dir, 'systemd-notify');
  const calls = path.join(dir, 'calls');
  fs.writeFileSync(
    command,
    `#!${process.execPath}\n` +
      `require('node:fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify([process.env.NOTIFY_SOCKET, ...process.argv.slice(2)]) + '\\n');\n` +
      `process.stderr.write('fake failure\\n');\n` +
      `process.exit(${status});\n`,
    { mode: 0o755 },
  );
  return {
    command,
    calls: () =>
      fs.existsSync(calls)
        ? fs
            .readFileSync(calls, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as string[])
        : [],
  };
}

async function listening(t: Test, socket: string): Promise<void> {
  const server = net.createServer((c) => c.destroy());
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
}

t.test('without NOTIFY_SOCKET nothing runs and nothing is probed', async (t) => {
  const dir = scratch(t);
  const fake = fakeNotify(dir);
  const { log, entries } = capture();
  const env = { PATH: process.env.PATH };
  const ready = await announceReady({
    log,
    env,
    command: fake.command,
    sockets: ['/nonexistent'],
    status: 's',
  });
  t.equal(ready, false);
  t.equal(await announceStopping({ log, env, command: fake.command }), false);
  t.same(fake.calls(), []);
  t.same(entries(), [], 'and nothing is logged');
});

t.test('with NOTIFY_SOCKET: --ready and a status once the sockets answer, then STOPPING=1', async (t) => {
  const dir = scratch(t);
  const fake = fakeNotify(dir);
  const sockets = [path.join(dir, 'a.sock'), path.join(dir, 'b.sock')];
  await listening(t, sockets[0] ?? '');
  const { log, entries } = capture();
  const env = { ...process.env, NOTIFY_SOCKET: '/run/systemd/notify-test' };
  const ready = announceReady({ log, env, command: fake.command, sockets, status: 'serving a and b' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.same(fake.calls(), [], 'not while one socket is silent');
  await listening(t, sockets[1] ?? '');
  t.equal(await ready, true, 'once both answer');
  t.equal(await announceStopping({ log, env, command: fake.command }), true);
  t.same(fake.calls(), [
    ['/run/systemd/notify-test', '--ready', '--status=serving a and b'],
    ['/run/systemd/notify-test', 'STOPPING=1', '--status=Shutting down'],
  ]);
  t.same(
    entries().map((e) => e.msg),
    ['Told systemd READY=1', 'Told systemd STOPPING=1'],
  );
});

t.test('a socket that never answers: no READY=1, an error naming it', async (t) => {
  const dir = scratch(t);
  const fake = fakeNotify(dir);
  const { log, entries } = capture();
  const env = { ...process.env, NOTIFY_SOCKET: '/run/systemd/notify-test' };
  const silent = path.join(dir, 'silent.sock');
  const ready = await announceReady({
    log,
    env,
    command: fake.command,
    sockets: [silent],
    status: 's',
    socketsTimeoutMs: 200,
  });
  t.equal(ready, false);
  t.same(fake.calls(), []);
  t.match(entries(), [{ level: 50, msg: /Not telling systemd/, sockets: [silent] }]);
});

t.test('a missing systemd-notify is a warning naming it, not an error', async (t) => {
  const dir = scratch(t);
  await listening(t, path.join(dir, 'a.sock'));
  const { log, entries } = capture();
  const env = { ...process.env, NOTIFY_SOCKET: '/run/systemd/notify-test', PATH: dir };
  const ready = await announceReady({ log, env, sockets: [path.join(dir, 'a.sock')], status: 's' });
  t.equal(ready, false);
  t.match(entries(), [{ level: 40, command: 'systemd-notify', msg: /systemd-notify not found on PATH/ }]);
});

t.test('a failing systemd-notify is a warning with its stderr', async (t) => {
  const dir = scratch(t);
  const fake = fakeNotify(dir, 3);
  const { log, entries } = capture();
  const env = { ...process.env, NOTIFY_SOCKET: '/run/systemd/notify-test' };
  t.equal(await announceStopping({ log, env, command: fake.command }), false);
  t.match(entries(), [{ level: 40, exitCode: 3, stderr: 'fake failure', msg: /failed/ }]);
});

// The real systemd-notify against a stand-in for systemd's notify socket (Node cannot receive unix datagrams, so
// python3 does): the datagram carries READY=1, and systemd-notify's wait for the manager (a BARRIER=1 datagram with
// a pipe the receiver closes) completes. Optional: skipped, also in CI, without python3 or systemd-notify.
const realNotify = spawnSync('systemd-notify', ['--version']).error
  ? 'systemd-notify is not installed'
  : undefined;
const python = spawnSync('python3', ['--version']).error ? 'python3 is not installed' : undefined;
t.test(
  'the real systemd-notify delivers READY=1 and its barrier',
  { skip: realNotify ?? python },
  async (t) => {
    const dir = scratch(t);
    const notifySocket = path.join(dir, 'notify.sock');
    const receiver = spawn(
      'python3',
      [
        '-c',
        [
          'import socket, sys, os',
          's = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)',
          's.bind(sys.argv[1])',
          'print("bound", flush=True)',
          'while True:',
          '    msg, fds, _, _ = socket.recv_fds(s, 4096, 4)',
          // Printed before the barrier's descriptor is closed: closing it is what lets systemd-notify exit.
          '    print(repr(msg.decode()), flush=True)',
          '    for fd in fds: os.close(fd)',
        ].join('\n'),
        notifySocket,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    t.teardown(() => receiver.kill('SIGKILL'));
    let heard = '';
    receiver.stdout.on('data', (chunk: Buffer) => (heard += chunk.toString()));
    while (!heard.includes('bound')) await new Promise((resolve) => setTimeout(resolve, 20));
    await listening(t, path.join(dir, 'a.sock'));
    const { log, entries } = capture();
    const env = { ...process.env, NOTIFY_SOCKET: notifySocket };
    const started = Date.now();
    const ready = await announceReady({ log, env, sockets: [path.join(dir, 'a.sock')], status: 'up' });
    t.equal(ready, true, `systemd-notify exited 0: ${JSON.stringify(entries())}`);
    t.ok(Date.now() - started < 4_000, 'without waiting out its 5 s barrier timeout');
    // The receiver's output reaches this process through a pipe, which may come after systemd-notify's exit.
    const deadline = Date.now() + 5_000;
    while (!heard.includes('BARRIER=1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    t.match(heard, /READY=1/);
    t.match(heard, /STATUS=up/);
    t.match(heard, /BARRIER=1/);
  },
);
