import t from 'tap';
import { createActor } from 'xstate';
import { containerMachine } from '../../machines/container.machine.js';
import { sandboxMachine } from '../../machines/sandbox.machine.js';
import { TransitionFeed, type TransitionRecord } from '../../src/inspect/feed.js';

t.test('the feed reports each state change of each actor, with its parent', async (t) => {
  const feed = new TransitionFeed({ now: () => 42 });
  const seen: TransitionRecord[] = [];
  const unsubscribe = feed.subscribe((record) => seen.push(record));
  const sandbox = createActor(sandboxMachine, {
    input: { id: 'sb', createdAt: 0, record: {}, resources: {} },
    inspect: feed.observer,
  }).start();
  const container = createActor(containerMachine, {
    input: { id: 'c1', sandboxId: 'sb', createdAt: 0, pid: 7, record: {}, resources: {} },
    inspect: feed.observer,
  }).start();
  sandbox.send({ type: 'START', at: 1, pid: 9 });
  container.send({ type: 'START', at: 2 });
  sandbox.send({ type: 'STOP', at: 3, exitStatus: 0 });
  sandbox.send({ type: 'STOP', at: 4, exitStatus: 0 });
  t.same(
    seen.map(({ actorId, kind, parent, from, event, to }) => [actorId, kind, parent, from, event, to]),
    [
      ['sb', 'sandbox', null, null, 'xstate.init', 'created'],
      ['c1', 'container', 'sb', null, 'xstate.init', 'created'],
      ['sb', 'sandbox', null, 'created', 'START', 'running'],
      ['c1', 'container', 'sb', 'created', 'START', 'running'],
      ['sb', 'sandbox', null, 'running', 'STOP', 'stopped'],
    ],
    'an accepted event that changes nothing (a repeated Stop) is not a transition',
  );
  t.ok(seen.every((record) => record.time === 42));
  unsubscribe();
  t.equal(feed.watching, 0);
  sandbox.send({ type: 'SHUTDOWN', at: 5 });
  t.equal(seen.length, 5, 'nothing is reported after unsubscribing');
});

t.test(
  'a watcher that arrives after an actor was created sees its transitions, and none for refused events',
  async (t) => {
    const feed = new TransitionFeed({ now: () => 1 });
    const sandbox = createActor(sandboxMachine, {
      input: { id: 'late', createdAt: 0, record: {}, resources: {} },
      inspect: feed.observer,
    }).start();
    sandbox.send({ type: 'START', at: 1, pid: 9 });
    const seen: TransitionRecord[] = [];
    feed.subscribe((record) => seen.push(record));
    sandbox.send({ type: 'STOP', at: 2, exitStatus: 0 });
    sandbox.send({ type: 'START', at: 3, pid: 10 });
    sandbox.send({ type: 'SHUTDOWN', at: 4 });
    t.same(
      seen.map(({ from, event, to }) => [from, event, to]),
      [
        ['running', 'STOP', 'stopped'],
        ['stopped', 'SHUTDOWN', 'deleted'],
      ],
    );
  },
);

t.test('the feed inspects the actors only while somebody watches', async (t) => {
  const log: string[] = [];
  const feed = new TransitionFeed({
    source: () => {
      log.push('attach');
      return () => log.push('detach');
    },
  });
  const first = feed.subscribe(() => {});
  const second = feed.subscribe(() => {});
  t.same(log, ['attach'], 'attached once, for the first watcher');
  first();
  t.same(log, ['attach'], 'still attached while one watches');
  second();
  t.same(log, ['attach', 'detach']);
  feed.subscribe(() => {});
  t.same(log, ['attach', 'detach', 'attach'], 'attached again for the next watcher');
});
