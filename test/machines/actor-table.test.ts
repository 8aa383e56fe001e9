import t from 'tap';
import { ActorTable, type ExitWaiter } from '../../machines/actor-table.js';
import type { Exit } from '../../src/core/exit.js';

function waiter(log: string[], name: string): ExitWaiter {
  return {
    resolve: (exit: Exit) => log.push(`${name}:${exit.exitStatus}`),
    reject: () => log.push(`${name}:rejected`),
  };
}

t.test('waiters are kept per actor, only while pending', async (t) => {
  const stopped: string[] = [];
  const table = new ActorTable<string>((actor) => stopped.push(actor));
  const log: string[] = [];
  table.add('a', 'actor-a');
  table.add('b', 'actor-b');
  const cancelFirst = table.addWaiter('a', waiter(log, 'w1'));
  table.addWaiter('a', waiter(log, 'w2'));
  table.addWaiter('b', waiter(log, 'w3'));
  t.equal(table.pendingWaiters(), 3);
  cancelFirst();
  cancelFirst();
  t.equal(table.pendingWaiters(), 2, 'a cancelled Wait is forgotten once');
  table.releaseWaiters('a', { exitStatus: 137, exitedAt: 1 });
  t.same(log, ['w2:137']);
  t.equal(table.pendingWaiters(), 1);
  table.releaseWaiters('a', { exitStatus: 0, exitedAt: 2 });
  t.same(log, ['w2:137'], 'released waiters are not answered twice');
  t.same(table.takeAllWaiters().length, 1);
  t.equal(table.pendingWaiters(), 0);
});

t.test('a Wait on an unknown actor is not kept; remove stops the actor and drops its waiters', async (t) => {
  const stopped: string[] = [];
  const table = new ActorTable<string>((actor) => stopped.push(actor));
  table.addWaiter('ghost', waiter([], 'w'))();
  t.equal(table.pendingWaiters(), 0);
  table.add('a', 'actor-a');
  table.addWaiter('a', waiter([], 'w'));
  t.same(table.takeWaiters('a').length, 1);
  table.addWaiter('a', waiter([], 'w'));
  table.remove('a');
  table.remove('a');
  t.same(stopped, ['actor-a'], 'stopped once');
  t.equal(table.pendingWaiters(), 0);
  t.notOk(table.has('a'));
  t.equal(table.size, 0);
});
