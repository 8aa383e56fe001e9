/**
 * The daemon started the way the unit starts it (its ExecStart, socket and state paths moved into a temp dir, the
 * relay on, NOTIFY_SOCKET set) tells systemd it is ready only once both sockets answer. A stand-in systemd-notify
 * first on PATH records its argv and, while it runs, probes the Controller socket and the relay's task socket. The
 * relay is held back 1.5 s (a module loaded through NODE_OPTIONS into the relay process only), so a READY=1 sent
 * before the relay serves would find the task socket silent.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { isRelayProcess } from '../../src/relay/launch.js';
import { stopTaskRelay } from '../helpers/daemon.js';
import { CHECKOUT, execStart, relocatedUnit, unitText } from './unit.js';

const RELAY_DELAY_MS = 1_500;

interface Notification {
  argv: string[];
  notifySocket: string | undefined;
  answers: Record<string, boolean>;
  at: number;
}

/** Writes the stand-in systemd-notify into `bin`: it appends one JSON line per run to `record`. */
function writeFakeNotify(bin: string, record: string, sockets: string[]): void {
  fs.mkdirSync(bin, { recursive: true });
  const script = `#!${process.execPath}
const fs = require('node:fs');
const net = require('node:net');
const sockets = ${JSON.stringify(sockets)};
const probe = (socket) => new Promise((resolve) => {
  const c = net.connect(socket);
  c.once('connect', () => { c.destroy(); resolve(true); });
  c.once('error', () => resolve(false));
});
Promise.all(sockets.map(probe)).then((answers) => {
  const line = { argv: process.argv.slice(2), notifySocket: process.env.NOTIFY_SOCKET, at: Date.now(),
    answers: Object.fromEntries(sockets.map((s, i) => [s, answers[i]])) };
  fs.appendFileSync(${JSON.stringify(record)}, JSON.stringify(line) + '\\n');
});
`;
  fs.writeFileSync(path.join(bin, 'systemd-notify'), script, { mode: 0o755 });
}

function notifications(record: string): Notification[] {
  if (!fs.existsSync(record)) return [];
  return fs
    .readFileSync(record, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Notification);
}

async function until<T>(what: string, read: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

t.test('READY=1 only once the Controller and the task socket answer; STOPPING=1 on SIGTERM', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-ready-'));
  const listen = path.join(tmp, 'sandboxer.sock');
  const dir = path.join(tmp, 'state');
  const taskSocket = path.join(dir, 'task.sock');
  const record = path.join(tmp, 'notifications');
  const bin = path.join(tmp, 'bin');
  writeFakeNotify(bin, record, [listen, taskSocket]);
  const delay = path.join(tmp, 'delay-relay.mjs');
  const released = path.join(tmp, 'relay-released');
  // Written by the relay as it starts, so the teardown stops it even when it never got to write task-relay.json.
  const relayPidFile = path.join(tmp, 'relay-pid');
  fs.writeFileSync(
    delay,
    `if (process.argv[1]?.endsWith('resource-slot-task-relay.js')) {\n` +
      `  (await import('node:fs')).writeFileSync(${JSON.stringify(relayPidFile)}, String(process.pid));\n` +
      `  await new Promise((r) => setTimeout(r, ${RELAY_DELAY_MS}));\n` +
      `  (await import('node:fs')).writeFileSync(${JSON.stringify(released)}, String(Date.now()));\n` +
      `}\n`,
  );

  const argv = execStart(
    relocatedUnit(unitText(), { node: process.execPath, checkout: CHECKOUT, listen, dir }),
  );
  t.match(argv.join(' '), `--task-listen ${taskSocket}`, 'the unit names the task socket');
  t.match(argv.join(' '), '--task-relay on');
  const [node, ...args] = argv;
  const started = Date.now();
  const child = spawn(node ?? process.execPath, args, {
    cwd: CHECKOUT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NOTIFY_SOCKET: path.join(tmp, 'notify.sock'),
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${new URL(`file://${delay}`).href}`.trim(),
    },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    stopTaskRelay(dir);
    const relayPid = fs.existsSync(relayPidFile) ? Number(fs.readFileSync(relayPidFile, 'utf8')) : 0;
    if (relayPid > 0 && isRelayProcess(relayPid)) process.kill(relayPid, 'SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const ready = await until(
    `READY=1 (daemon output so far:\n${out})`,
    () => notifications(record).find((n) => n.argv.includes('--ready')),
    30_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${out}`);
  });
  t.equal(ready.notifySocket, path.join(tmp, 'notify.sock'), 'systemd-notify gets $NOTIFY_SOCKET');
  t.same(ready.answers, { [listen]: true, [taskSocket]: true }, 'both sockets answer when READY=1 is sent');
  const releasedAt = fs.existsSync(released) ? Number(fs.readFileSync(released, 'utf8')) : Infinity;
  t.ok(
    ready.at >= releasedAt,
    `READY=1 came after the relay was let go (${ready.at - started} ms after spawn, the relay ${releasedAt - started} ms)`,
  );
  t.ok(
    ready.argv.some((arg) => arg.startsWith('--status=') && arg.includes(listen) && arg.includes(taskSocket)),
    'with a status naming both sockets',
  );
  t.same(
    notifications(record).map((n) => n.argv[0]),
    ['--ready'],
    'one notification so far',
  );
  await until('the log line', () => (out.includes('Told systemd READY=1') ? true : undefined), 5_000);

  child.kill('SIGTERM');
  t.equal(await exited, 0, 'an orderly stop');
  const stopping = notifications(record).find((n) => n.argv.includes('STOPPING=1'));
  t.ok(stopping, 'STOPPING=1 was sent on SIGTERM');
  t.match(out, 'Told systemd STOPPING=1');
});
