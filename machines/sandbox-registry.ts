import type { Actor } from 'xstate';
import type { Reply } from './reply.js';
import type { SandboxMachine } from './sandbox.machine.js';

export type SandboxActor = Actor<SandboxMachine>;

export interface SandboxExit {
  exitStatus: number;
  exitedAt: number;
}

export type ExitWaiter = Reply<SandboxExit>;

interface Entry {
  actor: SandboxActor;
  waiters: Set<ExitWaiter>;
}

/**
 * The live sandbox actors, keyed by id. They are root actors held in a Map rather than children spawned into the
 * supervisor's context: spawning into one machine costs O(N) per spawn, a Map lookup stays flat at 100k sandboxes.
 */
export class SandboxRegistry {
  private readonly entries = new Map<string, Entry>();

  get size(): number {
    return this.entries.size;
  }

  get(sandboxId: string): SandboxActor | undefined {
    return this.entries.get(sandboxId)?.actor;
  }

  has(sandboxId: string): boolean {
    return this.entries.has(sandboxId);
  }

  add(sandboxId: string, actor: SandboxActor): void {
    this.entries.set(sandboxId, { actor, waiters: new Set() });
  }

  remove(sandboxId: string): void {
    const entry = this.entries.get(sandboxId);
    if (!entry) return;
    entry.actor.stop();
    this.entries.delete(sandboxId);
  }

  ids(): IterableIterator<string> {
    return this.entries.keys();
  }

  addWaiter(sandboxId: string, waiter: ExitWaiter): () => void {
    const waiters = this.entries.get(sandboxId)?.waiters;
    waiters?.add(waiter);
    return () => waiters?.delete(waiter);
  }

  releaseWaiters(sandboxId: string, exit: SandboxExit): void {
    const entry = this.entries.get(sandboxId);
    if (!entry) return;
    const waiters = [...entry.waiters];
    entry.waiters.clear();
    for (const waiter of waiters) waiter.resolve(exit);
  }

  /** Every waiter of every sandbox, removed from the registry (used when the daemon drains). */
  takeAllWaiters(): ExitWaiter[] {
    const all: ExitWaiter[] = [];
    for (const entry of this.entries.values()) {
      all.push(...entry.waiters);
      entry.waiters.clear();
    }
    return all;
  }

  waiterCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) count += entry.waiters.size;
    return count;
  }
}
