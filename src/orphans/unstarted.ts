/**
 * Sandboxes created but never started. containerd ≤ 2.2 calls Create and then Start; if anything fails between the
 * two (or the daemon dies after Create was durable but before containerd got the answer), containerd forgets the
 * pod and never sends Shutdown, so the sandbox would stay in --dir, in the totals and in the live view forever.
 * One sweep for the whole daemon (not a timer per sandbox) removes those older than --unstarted-grace, through the
 * supervisor's Shutdown, as containerd would have.
 */
import type { Logger } from 'pino';
import type { Actor } from 'xstate';
import type { Registries } from '../../machines/registries.js';
import type { SupervisorMachine } from '../../machines/supervisor.machine.js';
import { ask } from '../transport/ask.js';

export interface UnstartedSweepOptions {
  registries: Registries;
  supervisor: Actor<SupervisorMachine>;
  log: Logger;
  /** A sandbox still awaiting Start this long after its Create is removed. */
  graceMs: number;
  now?: () => number;
}

export class UnstartedSweeper {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<string[]> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: UnstartedSweepOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Sweeps every so often (a fraction of the grace, at most every 30 s) until stop(). */
  start(): void {
    const every = Math.max(100, Math.min(30_000, Math.floor(this.options.graceMs / 4)));
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  stop(): Promise<unknown> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.sweeping ?? Promise.resolve();
  }

  /** Removes every sandbox awaiting Start for longer than the grace; answers their ids. */
  sweep(): Promise<string[]> {
    this.sweeping ??= this.removeExpired().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async removeExpired(): Promise<string[]> {
    const { registries, supervisor, log, graceMs } = this.options;
    const now = this.now();
    const expired: Array<{ sandboxId: string; ageMs: number }> = [];
    for (const sandboxId of registries.sandboxes.ids()) {
      const snapshot = registries.sandboxes.get(sandboxId)?.getSnapshot();
      if (!snapshot?.hasTag('awaitingStart')) continue;
      const ageMs = now - snapshot.context.createdAt;
      if (ageMs >= graceMs) expired.push({ sandboxId, ageMs });
    }
    const removed: string[] = [];
    for (const { sandboxId, ageMs } of expired) {
      try {
        await ask<void>(supervisor, (reply) => ({ type: 'sandbox.shutdown', sandboxId, reply }));
        removed.push(sandboxId);
        log.warn(
          { sandboxId, ageMs, graceMs },
          'Removed a sandbox that was created but never started within --unstarted-grace',
        );
      } catch (error) {
        log.error({ sandboxId, err: (error as Error).message }, 'Could not remove a never-started sandbox');
      }
    }
    return removed;
  }
}
