// `watch` streams transitions from resourceslot.v1.Inspect.Watch; the service unsubscribes from the daemon's
// TransitionFeed when a call is cancelled or the daemon shuts down, so no listener is left behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import pino from 'pino';
import t from 'tap';
import { runCtl } from '../../src/ctl/main.js';
import { Daemon } from '../../src/daemon.js';
import { InspectClient, type Transition } from '../../src/generated/resourceslot/v1/inspect.js';
import { startDaemon } from '../helpers/daemon.js';
import { ctlOk } from './run-ctl.js';

const POD = path.resolve(import.meta.dirname, '../../docs/examples/pod.yaml');

/** Starts `watch` in this process; `subscribed` resolves once the ctl reports its subscription on stderr. */
function startWatch(socket: string, args: string[]) {
  const interrupt = new AbortController();
  let stdout = '';
  let stderr = '';
  let onSubscribed: () => void = () => undefined;
  const subscribed = new Promise<void>((resolve) => (onSubscribed = resolve));
  const exit = runCtl(['--socket', socket, 'watch', ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => {
      stderr += text;
      if (stderr.includes('Watching transitions')) onSubscribed();
    },
    signal: interrupt.signal,
  });
  return { subscribed, exit, interrupt: () => interrupt.abort(), output: () => ({ stdout, stderr }) };
}

t.test('ctl watch prints the lifecycle of a pod as it happens', async (t) => {
  const daemon = await startDaemon(t);
  const watch = startWatch(daemon.socket, ['--count', '4', '--no-trunc']);
  await watch.subscribed;
  const id = (await ctlOk(daemon.socket, ['runp', POD])).trim();
  await ctlOk(daemon.socket, ['stopp', id]);
  await ctlOk(daemon.socket, ['rmp', id]);
  t.equal(await watch.exit, 0, 'exits 0 after --count transitions');
  const lines = watch.output().stdout.trimEnd().split('\n');
  t.equal(lines.length, 4);
  const expected = [
    ['\\(new\\)', 'created', 'xstate.init'],
    ['created', 'running', 'START'],
    ['running', 'stopped', 'STOP'],
    ['stopped', 'deleted', 'SHUTDOWN'],
  ];
  lines.forEach((line, index) => {
    const [from, to, event] = expected[index] as [string, string, string];
    t.match(
      line,
      new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  sandbox    ${id}  ${from} +-> ${to} +${event}$`),
    );
  });
  t.equal(new Set(lines.map((line) => line.indexOf('->'))).size, 1, 'the arrows line up');
});

t.test('ctl watch -o json: one object per line; an interrupt ends it with exit status 0', async (t) => {
  const daemon = await startDaemon(t);
  const watch = startWatch(daemon.socket, ['-o', 'json']);
  await watch.subscribed;
  const pod = (await ctlOk(daemon.socket, ['runp', POD])).trim();
  const container = (
    await ctlOk(daemon.socket, ['create', pod, path.resolve(POD, '../container-web.yaml')])
  ).trim();
  await ctlOk(daemon.socket, ['start', container]);
  watch.interrupt();
  t.equal(await watch.exit, 0);
  const records = watch
    .output()
    .stdout.trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  t.match(records, [
    { kind: 'sandbox', id: pod, parent: null, from: null, to: 'created' },
    { kind: 'sandbox', id: pod, from: 'created', to: 'running', event: 'START' },
    { kind: 'container', id: container, parent: pod, from: null, to: 'created' },
    { kind: 'container', id: container, parent: pod, from: 'created', to: 'running', event: 'START' },
  ]);
  t.equal(records.length, 4);
});

t.test('Inspect.Watch unsubscribes from the feed on cancel and on shutdown', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-watch-'));
  const socket = path.join(tmp, 'sandboxer.sock');
  const daemon = await Daemon.start({
    listen: socket,
    taskListen: path.join(tmp, 'task.sock'),
    dir: path.join(tmp, 'state'),
    log: pino({ level: 'silent' }),
    shutdownGraceMs: 2000,
  });
  let stopped = false;
  const client = new InspectClient(`unix:${socket}`, credentials.createInsecure());
  t.teardown(async () => {
    client.close();
    if (!stopped) await daemon.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const until = async (what: string, done: () => boolean): Promise<void> => {
    for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    t.ok(done(), what);
  };
  const open = () => {
    const call = client.watch({});
    const received: Transition[] = [];
    const ended = new Promise<ServiceError>((resolve) => call.on('error', resolve));
    call.on('data', (transition: Transition) => received.push(transition));
    const headers = new Promise((resolve) => call.once('metadata', resolve));
    return { call, received, ended, headers };
  };

  t.equal(daemon.feed.watching, 0, 'nobody watches at first');
  const first = open();
  const second = open();
  await Promise.all([first.headers, second.headers]);
  t.equal(daemon.feed.watching, 2, 'each Watch call subscribes once');

  first.call.cancel();
  t.equal((await first.ended).code, status.CANCELLED);
  await until('a cancelled Watch unsubscribes', () => daemon.feed.watching === 1);

  await ctlOk(socket, ['runp', POD]);
  await until('the remaining watcher still receives transitions', () => second.received.length === 2);
  t.strictSame(first.received, [], 'the cancelled one receives nothing');

  const stopping = daemon.stop();
  const end = await second.ended;
  t.equal(end.code, status.UNAVAILABLE, 'shutdown ends open streams with UNAVAILABLE');
  t.match(end.details, 'shutting down');
  await stopping;
  stopped = true;
  t.equal(daemon.feed.watching, 0, 'nothing is left subscribed');
});
