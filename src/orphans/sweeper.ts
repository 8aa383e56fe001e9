import type { Logger } from 'pino';
import type { Actor } from 'xstate';
import type { Registries } from '../../machines/registries.js';
import type { SupervisorMachine } from '../../machines/supervisor.machine.js';
import { FailedPreconditionError, UnavailableError } from '../core/errors.js';
import type { ContainerdSandboxes } from './containerd-sandboxes.js';
import { errorText } from './error-text.js';
import { findOrphans, type Orphan } from './find-orphans.js';
import type { LocalSandbox } from './local-sandboxes.js';
import { OutageLog } from './outage-log.js';
import { eachLimited, stopAndShutdown } from './removal.js';
import { unstartedPastGrace } from './unstarted.js';

/** Calls `tick` every `ms` until the returned function is called. */
export interface Timer {
  every(ms: number, tick: () => void): () => void;
}

/** setInterval, not holding the process open. */
export const realTimer: Timer = {
  every(ms, tick) {
    const handle = setInterval(tick, ms);
    handle.unref();
    return () => clearInterval(handle);
  },
};

export interface ReconcileConfig {
  containerd: ContainerdSandboxes;
  intervalMs: number;
  /** The sandboxer name containerd knows the daemon by (`--sandboxer-name`). */
  sandboxerName: string;
}

export interface SweeperConfig {
  registries: Registries;
  supervisor: Actor<SupervisorMachine>;
  log: Logger;
  /** epoch milliseconds; compared with each sandbox's own createdAt */
  now: () => number;
  /**
   * `--unstarted-grace`: sandboxes awaiting Start this long are removed, and younger ones are never removed as
   * orphans. 0 turns the unstarted sweep off (reconciling then needs a grace: the constructor refuses).
   */
  graceMs: number;
  /** With `--containerd-address`: compare with containerd's sandbox store. */
  reconcile?: ReconcileConfig;
  timer?: Timer;
}

/** Removals run this many at a time, so that group commit carries several at once. */
const REMOVALS_AT_ONCE = 32;
const MIN_TICK_MS = 100;
const MAX_TICK_MS = 30_000;

type Reason = 'unstarted' | 'orphan';

/**
 * The daemon's one timer for sandboxes nothing will ever remove (issue 15): each tick removes the sandboxes still
 * awaiting Start a grace after their Create (containerd <= 2.2 can fail between Create and Start without a
 * Shutdown), and, when a containerd address is configured and the reconcile interval has passed, the sandboxes
 * containerd has no record of (it forgot them when the daemon died before answering). Removal is Stop then
 * Shutdown through the supervisor. A tick reads every live sandbox's snapshot once: about 30 to 50 ms at 100k
 * sandboxes, measured.
 */
export class OrphanSweeper {
  /**
   * How often the timer fires: a quarter of the grace (within 100 ms and 30 s), or the reconcile interval if
   * shorter; null when there is nothing to sweep.
   */
  readonly tickMs: number | null;
  private readonly outage: OutageLog | undefined;
  private cancelTimer: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private lastReconcile: number | undefined;
  private knownUnstarted = new Set<string>();
  private stopped = false;

  constructor(private readonly config: SweeperConfig) {
    if (config.reconcile && config.graceMs <= 0) {
      throw new Error('reconciling with containerd needs a grace: an --unstarted-grace of at least 1 s');
    }
    const sweepMs =
      config.graceMs > 0
        ? Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.floor(config.graceMs / 4)))
        : Infinity;
    const tickMs = Math.min(sweepMs, config.reconcile?.intervalMs ?? Infinity);
    this.tickMs = Number.isFinite(tickMs) ? tickMs : null;
    this.outage = config.reconcile
      ? new OutageLog(config.log, config.reconcile.containerd.address)
      : undefined;
  }

  /**
   * Ticks every `tickMs` from now on; the first unstarted sweep is the first tick (recovered sandboxes past their
   * grace go then). With a containerd address the first reconcile runs at once.
   */
  start(): void {
    if (this.stopped || this.cancelTimer || this.tickMs === null) return;
    this.cancelTimer = (this.config.timer ?? realTimer).every(this.tickMs, () => void this.tick());
    if (this.config.reconcile) this.running = this.sweep(false).finally(() => (this.running = undefined));
  }

  /** No further removal starts; calls to containerd are cut. Resolves once the tick under way has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.config.reconcile?.containerd.close();
    await this.running;
  }

  get graceMs(): number {
    return this.config.graceMs;
  }

  /** containerd's socket; '' without `--containerd-address`. */
  get containerdAddress(): string {
    return this.config.reconcile?.containerd.address ?? '';
  }

  /** One sweep (and a reconcile when due). A tick while one runs joins it instead of starting another. */
  tick(): Promise<void> {
    this.running ??= this.sweep(true).finally(() => (this.running = undefined));
    return this.running;
  }

  /** What containerd does not know, for the Inspect service; changes nothing. */
  async listOrphans(): Promise<Orphan[]> {
    const { reconcile, registries, now, graceMs } = this.config;
    if (!reconcile) {
      throw new FailedPreconditionError(
        'the daemon runs without --containerd-address, so it cannot tell which sandboxes containerd knows',
      );
    }
    try {
      return (await findOrphans(registries, reconcile.containerd, reconcile.sandboxerName, now, graceMs))
        .orphans;
    } catch (error) {
      throw new UnavailableError(
        `containerd at ${reconcile.containerd.address} does not answer: ${errorText(error)}`,
      );
    }
  }

  private async sweep(unstarted: boolean): Promise<void> {
    if (this.stopped) return;
    const { reconcile, now, graceMs, registries } = this.config;
    // Half a tick of slack: a timer that fires a little early must not put the reconcile off by a whole tick.
    const slack = (this.tickMs ?? 0) / 2;
    const due =
      reconcile !== undefined &&
      (this.lastReconcile === undefined || now() - this.lastReconcile >= reconcile.intervalMs - slack);
    if (due) {
      this.lastReconcile = now();
      await this.reconcileOnce(reconcile);
    }
    if (unstarted && graceMs > 0 && !this.stopped) {
      await this.removeAll(unstartedPastGrace(registries, now(), graceMs, this.knownUnstarted), 'unstarted');
    }
  }

  private async reconcileOnce({ containerd, sandboxerName }: ReconcileConfig): Promise<void> {
    const { registries, now, graceMs, log } = this.config;
    const started = Date.now();
    let search;
    try {
      search = await findOrphans(registries, containerd, sandboxerName, now, graceMs);
    } catch (error) {
      // Calls cut by stop() are not an outage.
      if (!this.stopped) this.outage?.failed(error);
      return;
    }
    this.outage?.succeeded();
    this.knownUnstarted = search.knownUnstarted;
    const removable = search.orphans.filter((orphan) => orphan.pastGrace);
    log.debug(
      {
        orphans: search.orphans.length,
        removing: removable.length,
        young: search.orphans.length - removable.length,
        ms: Date.now() - started,
      },
      'Reconciled with containerd',
    );
    await this.removeAll(removable, 'orphan');
  }

  private removeAll(sandboxes: LocalSandbox[], reason: Reason): Promise<void> {
    return eachLimited(sandboxes, REMOVALS_AT_ONCE, (sandbox) => this.remove(sandbox, reason));
  }

  private async remove(sandbox: LocalSandbox, reason: Reason): Promise<void> {
    const { supervisor, log, now, graceMs } = this.config;
    if (this.stopped || !this.stillSame(sandbox, reason)) return;
    const fields = {
      sandboxId: sandbox.id,
      state: sandbox.state,
      ageMs: now() - sandbox.createdAt,
      graceMs,
    };
    try {
      await stopAndShutdown(supervisor, sandbox.id);
    } catch (error) {
      log.error({ ...fields, err: errorText(error) }, `Could not remove ${describe(reason)}`);
      return;
    }
    log.warn(fields, `Removed ${describe(reason)}`);
  }

  /**
   * Checked just before the Stop is sent (nothing runs in between): the sandbox is the one that was read, and an
   * unstarted one has not been started meanwhile.
   */
  private stillSame(sandbox: LocalSandbox, reason: Reason): boolean {
    const snapshot = this.config.registries.sandboxes.get(sandbox.id)?.getSnapshot();
    if (!snapshot || snapshot.context.createdAt !== sandbox.createdAt) return false;
    return reason === 'orphan' || snapshot.hasTag('awaitingStart');
  }
}

function describe(reason: Reason): string {
  return reason === 'unstarted'
    ? 'a sandbox that was created but never started within --unstarted-grace'
    : 'a sandbox containerd does not know (an orphan)';
}
