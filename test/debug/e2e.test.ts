import { spawn } from 'node:child_process';
import t from 'tap';
import type { ActorsSnapshot, TransitionView } from '../../src/debug/live-view.js';
import { startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig } from '../helpers/requests.js';
import { get, openEventStream } from './helpers/event-stream.js';
import { freePort } from './helpers/free-port.js';

const BIN = new URL('../../src/cli/bin/resource-slot-sandboxer.js', import.meta.url).pathname;

t.test('a sandbox lifecycle over gRPC shows up in /api/events, /api/actors and `watch`', async (t) => {
  const port = await freePort();
  const daemon = await startDaemon(t, ['--debug-listen', `127.0.0.1:${port}`]);
  const base = `http://127.0.0.1:${port}`;
  t.match(daemon.logs(), new RegExp(`"url":"${base}/","msg":"debug server listening"`));
  const calls = controllerCalls(daemon.controller);

  const stream = await openEventStream(`${base}/api/events`);
  t.teardown(() => stream.close());
  t.same(JSON.parse((await stream.next((message) => message.event === 'actors')).data).actors, []);

  const watch = spawn(process.execPath, [BIN, 'watch', '--debug-url', base], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let watched = '';
  let watchErrors = '';
  watch.stdout.on('data', (chunk: Buffer) => (watched += chunk.toString()));
  watch.stderr.on('data', (chunk: Buffer) => (watchErrors += chunk.toString()));
  const watchExit = new Promise<number | null>((resolve) => watch.once('exit', resolve));
  t.teardown(() => watch.kill('SIGKILL'));
  await until(
    () => watchErrors.includes(`connected to ${base}/api/events`),
    `watch connects: ${watchErrors}`,
  );

  await calls.create(createRequest('sb-debug', podConfig({ cpuQuota: 50_000, cpuPeriod: 100_000 })));
  const running = JSON.parse((await get(`${base}/api/actors`)).body) as ActorsSnapshot;
  t.match(running.actors, [{ id: 'sb-debug', kind: 'sandbox', state: 'created', parent: null }]);
  t.match(running.actors[0]?.resources, { cpu_limit: 0.5 }, 'resources are listed');

  await calls.start('sb-debug');
  t.match(JSON.parse((await get(`${base}/api/actors`)).body), {
    actors: [{ id: 'sb-debug', state: 'running' }],
  });
  await calls.stop('sb-debug');
  await calls.shutdown('sb-debug');

  await stream.next((message) => message.data.includes('"to":"deleted"'));
  const transitions = stream.messages
    .filter((message) => message.event === 'transition')
    .map((message) => JSON.parse(message.data) as TransitionView)
    .map(({ actorId, kind, from, method, to }) => [actorId, kind, from, method, to]);
  t.same(transitions, [
    ['sb-debug', 'sandbox', null, null, 'created'],
    ['sb-debug', 'sandbox', 'created', 'Start', 'running'],
    ['sb-debug', 'sandbox', 'running', 'Stop', 'stopped'],
    ['sb-debug', 'sandbox', 'stopped', 'Shutdown', 'deleted'],
  ]);
  t.same(JSON.parse((await get(`${base}/api/actors`)).body).actors, [], 'a deleted sandbox is gone');

  await until(
    () => watched.includes('--Shutdown--> deleted'),
    `watch prints transitions, got:\n${watched}${watchErrors}`,
  );
  const lines = watched.trim().split('\n');
  t.match(lines, [
    /^\S+Z sandbox sb-debug: \(new\) --> created$/,
    /^\S+Z sandbox sb-debug: created --Start--> running$/,
    /^\S+Z sandbox sb-debug: running --Stop--> stopped$/,
    /^\S+Z sandbox sb-debug: stopped --Shutdown--> deleted$/,
  ]);

  t.equal(await daemon.stop('SIGTERM'), 0, 'the daemon stops cleanly with open event streams');
  await stream.closed;
  t.equal(await watchExit, 1, 'watch ends when the daemon goes away');
  t.match(watchErrors, /the daemon closed the event stream/);
});

t.test('watch: usage errors and an unreachable daemon', async (t) => {
  const port = await freePort();
  const unreachable = await runWatch(['--debug-url', `http://127.0.0.1:${port}`]);
  t.match(unreachable, { code: 1, stderr: /cannot read http:\/\/127\.0\.0\.1:\d+\/api\/events/ });
  t.match(await runWatch([]), { code: 2, stderr: /--debug-url is required/ });
  t.match(await runWatch(['--debug-url', 'https://127.0.0.1:1']), {
    code: 2,
    stderr: /must be an http:\/\/ URL/,
  });
});

t.test('without --debug-listen there is no debug server', async (t) => {
  const daemon = await startDaemon(t);
  t.notMatch(daemon.logs(), /debug server/);
});

function runWatch(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'watch', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

async function until(ready: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
