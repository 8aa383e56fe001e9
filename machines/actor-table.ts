import type { Reply } from './reply.js';

export interface Exit {
  exitStatus: number;
  exitedAt: number;
}

export type ExitWaiter = Reply<Exit>;

interface Entry<A> {
  actor: A;
  waiters: Set<ExitWaiter>;
}

/**
 * Live actors of one kind, keyed by id, with the Wait callers of each. They are root actors held in a Map rather
 * than children spawned into the supervisor's context: spawning into one machine costs O(N) per spawn, a Map lookup
 * stays flat at 100k actors.
 */
export class ActorTable<A extends { stop(): void }> {
  private readonly entries = new Map<string, Entry<A>>();

  get size(): number {
    return this.entries.size;
  }

  get(id: string): A | undefined {
    return this.entries.get(id)?.actor;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  add(id: string, actor: A): void {
    this.entries.set(id, { actor, waiters: new Set() });
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.actor.stop();
    this.entries.delete(id);
  }

  ids(): IterableIterator<string> {
    return this.entries.keys();
  }

  addWaiter(id: string, waiter: ExitWaiter): () => void {
    const waiters = this.entries.get(id)?.waiters;
    waiters?.add(waiter);
    return () => waiters?.delete(waiter);
  }

  releaseWaiters(id: string, exit: Exit): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const waiters = [...entry.waiters];
    entry.waiters.clear();
    for (const waiter of waiters) waiter.resolve(exit);
  }

  /** How many Wait callers are pending on all actors of the table. */
  pendingWaiters(): number {
    let count = 0;
    for (const entry of this.entries.values()) count += entry.waiters.size;
    return count;
  }

  /** The waiters of one actor, removed from the table. */
  takeWaiters(id: string): ExitWaiter[] {
    const entry = this.entries.get(id);
    if (!entry) return [];
    const waiters = [...entry.waiters];
    entry.waiters.clear();
    return waiters;
  }

  /** Every waiter of every actor, removed from the table (used when the daemon drains). */
  takeAllWaiters(): ExitWaiter[] {
    const all: ExitWaiter[] = [];
    for (const entry of this.entries.values()) {
      all.push(...entry.waiters);
      entry.waiters.clear();
    }
    return all;
  }
}
