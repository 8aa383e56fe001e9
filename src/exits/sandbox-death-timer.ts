import type { Logger } from 'pino';
import type { Actor } from 'xstate';
import type { Registries } from '../../machines/registries.js';
import type { SandboxView, SupervisorMachine } from '../../machines/supervisor.machine.js';
import type { SandboxerError } from '../core/errors.js';
import { ask } from '../transport/ask.js';
import { podAnnotationsOf } from '../workload/sampler.js';
import { DueTimer } from './due-timer.js';
import { sandboxDeathFor } from './sandbox-death.js';

interface DueDeath {
  sandboxId: string;
  startedAt: number;
  at: number;
  exitStatus: number;
}

export interface SandboxDeathTimerConfig {
  supervisor: Actor<SupervisorMachine>;
  registries: Registries;
  now(): number;
  log: Logger;
  /** After the death is durable: what the daemon does for a stopped sandbox (its stdin FIFOs closed). */
  onDied(view: SandboxView): void;
}

/**
 * The daemon's one timer for sandboxes that die by script (src/exits/sandbox-death.ts): armed at Start and, after a
 * restart, for every running sandbox; due = the persisted start + the delay, so one that came due while the daemon
 * was down dies at recovery with the time it was due.
 */
export class SandboxDeathTimer {
  private readonly timer: DueTimer<DueDeath>;

  constructor(private readonly config: SandboxDeathTimerConfig) {
    this.timer = new DueTimer(config.now, (death) => void this.die(death));
  }

  arm(sandboxId: string): void {
    const snapshot = this.config.registries.sandboxes.get(sandboxId)?.getSnapshot();
    const startedAt = snapshot?.context.startedAt ?? null;
    if (!snapshot?.hasTag('ready') || startedAt === null) return;
    const death = sandboxDeathFor(podAnnotationsOf(snapshot.context.record));
    if (death)
      this.timer.add({ sandboxId, startedAt, at: startedAt + death.afterMs, exitStatus: death.exitStatus });
  }

  armAll(): void {
    for (const sandboxId of this.config.registries.sandboxes.ids()) {
      try {
        this.arm(sandboxId);
      } catch (error) {
        // Checked at the pod's Create; a --dir written before that check existed may still hold a bad one.
        this.config.log.warn({ sandboxId, err: error }, 'Sandbox death ignored: bad annotation');
      }
    }
  }

  get armed(): number {
    return this.timer.size;
  }

  stop(): void {
    this.timer.stop();
  }

  private async die({ sandboxId, startedAt, at, exitStatus }: DueDeath): Promise<void> {
    const { supervisor, log, onDied } = this.config;
    try {
      const view = await ask(supervisor, 'sandbox.exit', { sandboxId, startedAt, at, exitStatus });
      log.info({ sandboxId, exitStatus }, 'Sandbox died as its script says');
      onDied(view);
    } catch (error) {
      // Stopped, removed or restarted before its time: nothing to end.
      log.debug({ sandboxId, reason: (error as SandboxerError).message }, 'Sandbox death not applied');
    }
  }
}
