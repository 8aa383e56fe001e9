import type { Logger } from 'pino';
import type { Registries } from '../../machines/registries.js';
import type { SandboxContext } from '../../machines/sandbox.machine.js';
import { NEVER, type PodOomScan } from '../workload/pod-oom.js';
import type { PodRun } from '../workload/pod-runs.js';
import { DueTimer } from './due-timer.js';
import { OOM_EXIT_STATUS, type ExitSender } from './send-exit.js';

/** A pod to look at again at `at`: a kill due then, or the end of the last scan's horizon. */
interface PodCheck {
  readonly sandboxId: string;
  readonly at: number;
}

export interface PodOomWatchConfig {
  /** Read only: the pods, their containers and their runs. */
  registries: Registries;
  now(): number;
  log: Logger;
  /** The pod's next kill by its pod-level limit at or after `fromMs` (src/workload/pod-runs.ts). */
  scan(sandbox: SandboxContext, runs: readonly PodRun[], fromMs: number): PodOomScan;
  /** When the run of the container that started at `startedAt` is due to end by its script or own OOM; null if not. */
  armedEndOf(containerId: string, startedAt: number): number | null;
  sender: ExitSender;
}

/**
 * Pod-level OOM kills on a timer (docs/workload.md, "Pod-level OOM kills"). A pod is looked at when one of its
 * containers starts and after recovery, from the last change of its runs; the scan gives its next kill or the end of
 * its horizon, and that time is armed. When it comes the pod is scanned again from there, with its runs as they are
 * then: a container that ended in between (killed, stopped, deleted) only makes the sum smaller, so the new answer is
 * the same time, a later one, or none. A kill due in the past (the daemon was down) is sent at once with the time
 * it was due; after it the survivors are scanned from that time. A pod without a limit of its own costs one look
 * at its resources per container start.
 */
export class PodOomWatch {
  private readonly timer: DueTimer<PodCheck>;
  /** Each pod's latest check: an older one still in the timer is stale and skipped when it fires. */
  private readonly pending = new Map<string, PodCheck>();
  /** Pods with a kill in flight, looked at again once it is done. */
  private readonly killing = new Set<string>();
  private stopped = false;

  constructor(private readonly config: PodOomWatchConfig) {
    this.timer = new DueTimer(config.now, (check) => this.due(check));
  }

  /** The pod's runs changed (a container started): looks from the last change on. */
  watch(sandboxId: string): void {
    this.look(sandboxId, this.lastChangeOf(sandboxId) ?? this.config.now());
  }

  /** Every pod, after recovery: a kill that came due while the daemon was down is sent now. */
  watchAll(): void {
    for (const sandboxId of this.config.registries.sandboxes.ids()) this.watch(sandboxId);
  }

  stop(): void {
    this.stopped = true;
    this.timer.stop();
    this.pending.clear();
  }

  private due(check: PodCheck): void {
    if (this.pending.get(check.sandboxId) !== check) return;
    this.look(check.sandboxId, check.at);
  }

  private look(sandboxId: string, fromMs: number): void {
    if (this.stopped || this.killing.has(sandboxId)) return;
    this.pending.delete(sandboxId);
    const scan = this.scan(sandboxId, fromMs);
    if (scan.kind === 'never') return;
    if (scan.kind === 'kill' && scan.at <= this.config.now()) {
      void this.kill(sandboxId, scan.containerId, scan.at);
      return;
    }
    if (scan.kind === 'kill')
      this.config.log.debug({ sandboxId, containerId: scan.containerId, at: scan.at }, 'Pod OOM kill armed');
    const check = { sandboxId, at: scan.at };
    this.pending.set(sandboxId, check);
    this.timer.add(check);
  }

  /** The scan; a failure (a bad --dir record) is logged and arms nothing, never failing a Start. */
  private scan(sandboxId: string, fromMs: number): PodOomScan {
    const sandbox = this.config.registries.sandboxes.get(sandboxId)?.getSnapshot();
    if (!sandbox) return NEVER;
    try {
      return this.config.scan(sandbox.context, this.runsOf(sandboxId), fromMs);
    } catch (error) {
      this.config.log.warn({ sandboxId, err: error }, 'Pod OOM kill not armed: a memory profile is unusable');
      return NEVER;
    }
  }

  private async kill(sandboxId: string, containerId: string, at: number): Promise<void> {
    const { sender, registries, log } = this.config;
    const startedAt = registries.containers.get(containerId)?.getSnapshot().context.startedAt ?? null;
    if (startedAt === null) return;
    this.killing.add(sandboxId);
    try {
      await sender.send({
        containerId,
        sandboxId,
        startedAt,
        at,
        exitStatus: OOM_EXIT_STATUS,
        cause: 'pod-oom',
      });
    } finally {
      this.killing.delete(sandboxId);
    }
    if (sender.isRun(containerId, startedAt)) {
      log.warn(
        { sandboxId, containerId },
        'Pod OOM kill not applied; the pod is watched again at its next start',
      );
      return;
    }
    // The survivors, from the kill on; from a later change if the victim had ended otherwise (it ran until then).
    this.look(sandboxId, Math.max(at, this.lastChangeOf(sandboxId) ?? at));
  }

  /** Every container of the pod with the end of its run: its exit, else its armed script or own OOM kill. */
  private runsOf(sandboxId: string): PodRun[] {
    const { registries, armedEndOf } = this.config;
    const runs: PodRun[] = [];
    for (const containerId of registries.containerIdsOf(sandboxId)) {
      const snapshot = registries.containers.get(containerId)?.getSnapshot();
      if (!snapshot) continue;
      const { startedAt, exitedAt } = snapshot.context;
      const armed = startedAt !== null && snapshot.hasTag('live') ? armedEndOf(containerId, startedAt) : null;
      runs.push({ container: snapshot.context, endsAt: exitedAt ?? armed });
    }
    return runs;
  }

  /** The last start or exit among the pod's containers: since then its runs are as they are now. */
  private lastChangeOf(sandboxId: string): number | null {
    let last: number | null = null;
    for (const containerId of this.config.registries.containerIdsOf(sandboxId)) {
      const { startedAt, exitedAt } =
        this.config.registries.containers.get(containerId)?.getSnapshot().context ?? {};
      for (const time of [startedAt, exitedAt])
        if (typeof time === 'number' && (last === null || time > last)) last = time;
    }
    return last;
  }
}
