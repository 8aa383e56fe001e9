import t from 'tap';
import { pino } from 'pino';
import { createActor } from 'xstate';
import { containerMachine } from '../../machines/container.machine.js';
import { Registries } from '../../machines/registries.js';
import { sandboxMachine } from '../../machines/sandbox.machine.js';
import { DebugServer } from '../../src/debug/server.js';
import type { ActorsSnapshot, TransitionView } from '../../src/debug/live-view.js';
import { TransitionFeed } from '../../src/inspect/feed.js';
import { CallLog, type UnnumberedCall } from '../../src/calls/call-log.js';
import type { CallEntry } from '../../src/calls/types.js';
import { RECENT_CALLS, type RecentCalls } from '../../src/debug/recent-calls.js';
import { get, openEventStream } from './helpers/event-stream.js';

async function setup(t: { teardown(fn: () => unknown): void }) {
  const registries = new Registries();
  const feed = new TransitionFeed({ source: (observer) => registries.entities.inspect(observer) });
  const calls = new CallLog(RECENT_CALLS + 50);
  const server = await DebugServer.start({
    listen: '127.0.0.1:0',
    feed,
    registries,
    calls,
    log: pino({ level: 'silent' }),
  });
  t.teardown(() => server.close());
  const addSandbox = (id: string) => {
    const actor = createActor(sandboxMachine, {
      input: { id, createdAt: 1000, record: {}, resources: { cpu_limit: 0.5 } },
      parent: registries.entities.parent,
    }).start();
    registries.sandboxes.add(id, actor);
    return actor;
  };
  return {
    feed,
    registries,
    calls,
    server,
    addSandbox,
    url: (path: string) => new URL(path, server.url).href,
  };
}

t.test('the page, its assets and the diagrams are served by the daemon itself', async (t) => {
  const { url } = await setup(t);
  const page = await get(url('/'));
  t.equal(page.status, 200);
  t.equal(page.type, 'text/html; charset=utf-8');
  t.match(page.headers['content-security-policy'], /default-src 'self'/);
  for (const kind of ['sandbox', 'container', 'exec'])
    t.match(page.body, new RegExp(`<g id="${kind}&#45;state&#45;created"`));
  t.notMatch(page.body, /<!--diagram:/, 'every diagram placeholder is filled');
  t.notMatch(page.body, /https?:\/\/(?!www\.w3\.org\/)/, 'no external URL (the SVG namespace aside)');
  const script = await get(url('/page.js'));
  t.equal(script.type, 'text/javascript; charset=utf-8');
  t.match(script.body, /new EventSource\('\/api\/events'\)/);
  t.equal((await get(url('/page.css'))).status, 200);
  const svg = await get(url('/api/diagram/container.svg'));
  t.equal(svg.type, 'image/svg+xml; charset=utf-8');
  t.match(svg.body, /^<\?xml[\s\S]*<svg/);
  t.equal((await get(url('/api/diagram/all.svg'))).status, 200);
  t.equal((await get(url('/api/diagram/pod.svg'))).status, 404);
  t.equal((await get(url('/nothing'))).status, 404);
  t.equal((await get(url('/'), {}, 'POST')).status, 405);
});

t.test('requests naming a non-loopback host are refused (DNS rebinding)', async (t) => {
  const { url } = await setup(t);
  t.equal((await get(url('/api/actors'), { host: 'attacker.example:80' })).status, 403);
  t.equal((await get(url('/api/actors'), { host: 'localhost:1234' })).status, 200);
  t.equal((await get(url('/api/actors'), { host: '[::1]:1234' })).status, 200);
});

t.test('/api/actors lists live actors with the time of their last transition', async (t) => {
  const { url, addSandbox, registries } = await setup(t);
  const sandbox = addSandbox('sb-1');
  const container = createActor(containerMachine, {
    input: { id: 'c-1', sandboxId: 'sb-1', createdAt: 1000, pid: 7, record: {}, resources: {} },
    parent: registries.entities.parent,
  }).start();
  registries.addContainer('sb-1', 'c-1', container);
  const before = Date.now();
  sandbox.send({ type: 'START', at: 2000, pid: 9 });
  const snapshot = JSON.parse((await get(url('/api/actors'))).body) as ActorsSnapshot;
  t.equal(snapshot.seq, 3, 'two creations and a start were seen');
  t.match(snapshot.actors, [
    { id: 'sb-1', kind: 'sandbox', state: 'running', parent: null, pid: 9, resources: { cpu_limit: 0.5 } },
    { id: 'c-1', kind: 'container', state: 'created', parent: 'sb-1', pid: 7 },
  ]);
  t.ok(
    (snapshot.actors[0]?.since ?? 0) >= before,
    'since is when the transition was seen, not the START event time',
  );
});

t.test('/api/events: a snapshot, then transitions; a closed client is unsubscribed', async (t) => {
  const { url, addSandbox, server, feed } = await setup(t);
  t.equal(feed.watching, 1, 'the server holds one subscription to the feed');
  const existing = addSandbox('sb-old');
  const stream = await openEventStream(url('/api/events'));
  const first = await stream.next(() => true);
  t.equal(first.event, 'actors');
  t.match(JSON.parse(first.data), { seq: 1, actors: [{ id: 'sb-old', state: 'created' }] });
  t.equal(server.streams, 1);

  addSandbox('sb-new').send({ type: 'START', at: 1, pid: 3 });
  existing.send({ type: 'STOP', at: 2, exitStatus: 0 });
  const stopped = await stream.next((message) => message.data.includes('"actorId":"sb-old"'));
  const transitions = stream.messages.filter((message) => message.event === 'transition');
  t.same(
    transitions.map((message) => {
      const { actorId, from, event, method, to, seq } = JSON.parse(message.data) as TransitionView;
      return [seq, actorId, from, event, method, to, message.id];
    }),
    [
      [2, 'sb-new', null, 'xstate.init', null, 'created', '2'],
      [3, 'sb-new', 'created', 'START', 'Start', 'running', '3'],
      [4, 'sb-old', 'created', 'STOP', 'Stop', 'stopped', '4'],
    ],
  );
  t.equal(stopped.event, 'transition');

  stream.close();
  await stream.closed;
  await t.resolves(
    waitUntil(() => server.streams === 0),
    'the closed client is no longer subscribed',
  );
  t.equal(feed.watching, 1);
});

function call(method: string, overrides: Partial<UnnumberedCall> = {}): UnnumberedCall {
  return {
    atMs: 5000,
    service: 'Task',
    method,
    sandboxId: 'sb-1',
    containerId: 'c-1',
    execId: '',
    code: 'OK',
    fault: '',
    durationMs: 0.3,
    ...overrides,
  };
}

t.test('the Calls panel reads /api/calls and the calls and call events', async (t) => {
  const { url, calls, server } = await setup(t);
  t.strictSame(JSON.parse((await get(url('/api/calls'))).body), { lastSeq: 0, calls: [] }, 'none yet');
  const faulted = calls.record(
    call('Start', { code: 'UNAVAILABLE', fault: 'r1: Task.Start error(UNAVAILABLE)', durationMs: 40 }),
  );
  const listed = JSON.parse((await get(url('/api/calls'))).body) as RecentCalls;
  t.strictSame(listed, { lastSeq: 1, calls: [faulted] }, 'a recorded call, every field of it');

  const stream = await openEventStream(url('/api/events'));
  const [first, second] = [
    await stream.next(() => true),
    await stream.next((message) => message.event === 'calls'),
  ];
  t.equal(first.event, 'actors', 'the actors come first, as before');
  t.strictSame(JSON.parse(second.data), { lastSeq: 1, calls: [faulted] });
  t.equal(calls.subscribers, 1, 'the stream listens to the call log');

  const later = calls.record(call('Kill', { sandboxId: 'sb-2' }));
  const live = await stream.next((message) => message.event === 'call');
  t.strictSame(JSON.parse(live.data) as CallEntry, later, 'each call as it is recorded');
  t.equal(live.id, null, 'no id of its own: the last event id stays a transition seq');

  stream.close();
  await stream.closed;
  await t.resolves(
    waitUntil(() => server.streams === 0 && calls.subscribers === 0),
    'a closed client no longer listens to the call log',
  );
});

t.test('/api/calls holds the newest calls only, oldest first', async (t) => {
  const { url, calls } = await setup(t);
  for (let i = 0; i < RECENT_CALLS + 20; i++) calls.record(call(`M${i}`));
  const listed = JSON.parse((await get(url('/api/calls'))).body) as RecentCalls;
  t.equal(listed.lastSeq, RECENT_CALLS + 20);
  t.equal(listed.calls.length, RECENT_CALLS);
  t.equal(listed.calls[0]?.seq, 21);
  t.equal(listed.calls.at(-1)?.seq, RECENT_CALLS + 20);
});

t.test('close() ends open streams and drops the feed subscription', async (t) => {
  const { url, server, feed } = await setup(t);
  const stream = await openEventStream(url('/api/events'));
  await stream.next((message) => message.event === 'actors');
  await server.close();
  await stream.closed;
  t.equal(feed.watching, 0);
  t.equal(server.streams, 0);
});

async function waitUntil(ready: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

t.test('a port in use is an error naming the debug server', async (t) => {
  const { server } = await setup(t);
  const port = new URL(server.url).port;
  const feed = new TransitionFeed();
  await t.rejects(
    DebugServer.start({
      listen: `127.0.0.1:${port}`,
      feed,
      registries: new Registries(),
      calls: new CallLog(),
      log: pino({ level: 'silent' }),
    }),
    { message: new RegExp(`^debug server cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`) },
  );
  t.equal(feed.watching, 0, 'a server that failed to start does not stay subscribed');
});
