import type { Exit } from '../src/core/exit.js';
import type { Reply } from '../src/core/reply.js';

/** A pending Wait: answered with the exit, or rejected when the daemon drains or rolls back. */
export type ExitWaiter = Reply<Exit>;

/**
 * Live actors of one kind, keyed by id, with the Wait callers of each. They are held in a Map rather than spawned
 * into the supervisor's context: spawning into one machine costs O(N) per spawn, a Map lookup stays flat at 100k
 * actors. Waiters are kept apart and only while there are some: most actors never have a pending Wait.
 */
export class ActorTable<A> {
  private readonly actors = new Map<string, A>();
  private readonly waiters = new Map<string, Set<ExitWaiter>>();

  constructor(private readonly stopActor: (actor: A) => void) {}

  get size(): number {
    return this.actors.size;
  }

  get(id: string): A | undefined {
    return this.actors.get(id);
  }

  has(id: string): boolean {
    return this.actors.has(id);
  }

  add(id: string, actor: A): void {
    this.actors.set(id, actor);
  }

  remove(id: string): void {
    const actor = this.actors.get(id);
    if (actor === undefined) return;
    this.stopActor(actor);
    this.actors.delete(id);
    this.waiters.delete(id);
  }

  ids(): IterableIterator<string> {
    return this.actors.keys();
  }

  addWaiter(id: string, waiter: ExitWaiter): () => void {
    if (!this.actors.has(id)) return () => undefined;
    let waiters = this.waiters.get(id);
    if (!waiters) this.waiters.set(id, (waiters = new Set()));
    waiters.add(waiter);
    return () => {
      waiters.delete(waiter);
      if (waiters.size === 0 && this.waiters.get(id) === waiters) this.waiters.delete(id);
    };
  }

  releaseWaiters(id: string, exit: Exit): void {
    for (const waiter of this.takeWaiters(id)) waiter.resolve(exit);
  }

  /** How many Wait callers are pending on all actors of the table. */
  pendingWaiters(): number {
    let count = 0;
    for (const waiters of this.waiters.values()) count += waiters.size;
    return count;
  }

  /** The waiters of one actor, removed from the table. */
  takeWaiters(id: string): ExitWaiter[] {
    const waiters = this.waiters.get(id);
    if (!waiters) return [];
    this.waiters.delete(id);
    return [...waiters];
  }

  /** Every waiter of every actor, removed from the table (used when the daemon drains). */
  takeAllWaiters(): ExitWaiter[] {
    const all: ExitWaiter[] = [];
    for (const waiters of this.waiters.values()) all.push(...waiters);
    this.waiters.clear();
    return all;
  }
}
