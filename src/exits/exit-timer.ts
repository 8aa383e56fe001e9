import type { Logger } from 'pino';
import type { Registries } from '../../machines/registries.js';
import type { ContainerContext } from '../../machines/container.machine.js';
import type { SandboxContext } from '../../machines/sandbox.machine.js';
import type { PodOomScan } from '../workload/pod-oom.js';
import type { PodRun } from '../workload/pod-runs.js';
import type { DueExit } from './due-list.js';
import { DueTimer } from './due-timer.js';
import { PodOomWatch } from './pod-oom-watch.js';
import { scriptedEndFor } from './scripted-end.js';
import { ExitSender, OOM_EXIT_STATUS, type ExitSenderConfig } from './send-exit.js';

export interface ExitTimerConfig extends ExitSenderConfig {
  /** Read only: the containers whose scripts are armed. */
  registries: Registries;
  now(): number;
  log: Logger;
  /**
   * When the container's memory demand first goes above its limit (ms after its start), or null
   * (src/workload/oom.ts through the usage sampler). Without it, nothing is OOM-killed.
   */
  oomAfterMs?(view: { sandbox: SandboxContext; container: ContainerContext }): number | null;
  /**
   * The pod's next kill by its pod-level memory limit at or after `fromMs` (src/workload/pod-runs.ts through the
   * usage sampler). Without it, no pod is OOM-killed as a whole.
   */
  podOomScan?(sandbox: SandboxContext, runs: readonly PodRun[], fromMs: number): PodOomScan;
}

/**
 * The daemon's one timer for scripted exits (src/exits/script.ts) and containers' own OOM kills; it also owns the
 * pod watch (src/exits/pod-oom-watch.ts), armed at the same moments, for pod-level OOM kills. A started container
 * whose pod's annotations script its end, or whose memory demand goes above its limit, is armed with its due time
 * (its start plus the delay); when that comes, the exit is sent (src/exits/send-exit.ts) with the due time as its
 * exit time. Due times are derived from what is persisted (the start time, the resources and the pod's
 * annotations), so a daemon restart re-arms them, and one that came due while the daemon was down fires at once
 * with the right `exited_at`.
 */
export class ExitTimer {
  private readonly sender: ExitSender;
  private readonly timer: DueTimer<DueExit>;
  /** Each container's armed end, until it is sent: the pod watch counts a container's demand only until then. */
  private readonly ends = new Map<string, DueExit>();
  private readonly pods: PodOomWatch | null;

  constructor(private readonly config: ExitTimerConfig) {
    const sender = new ExitSender(config);
    this.sender = sender;
    this.timer = new DueTimer(config.now, (exit) => void this.end(exit));
    const { podOomScan } = config;
    this.pods = podOomScan
      ? new PodOomWatch({
          ...config,
          scan: (sandbox, runs, fromMs) => podOomScan(sandbox, runs, fromMs),
          armedEndOf: (containerId, startedAt) => this.armedEndOf(containerId, startedAt),
          sender,
        })
      : null;
  }

  /** Arms the container's script or OOM kill, if it has one and runs; then its pod's OOM kill. */
  arm(containerId: string): void {
    const sandboxId = this.config.registries.containers.get(containerId)?.getSnapshot().context.sandboxId;
    this.armOwn(containerId);
    if (sandboxId !== undefined) this.pods?.watch(sandboxId);
  }

  /** Arms every running container's script, then every pod's OOM kill: at start-up, after recovery. */
  armAll(): void {
    for (const containerId of this.config.registries.containers.ids()) {
      try {
        this.armOwn(containerId);
      } catch (error) {
        // Checked at the pod's Create; a --dir written before that check existed may still hold a bad one.
        this.config.log.warn({ containerId, err: error }, 'Scripted exit ignored: bad annotation');
      }
    }
    this.pods?.watchAll();
  }

  /** How many exits are armed (for tests and the live view). */
  get armed(): number {
    return this.timer.size;
  }

  stop(): void {
    this.timer.stop();
    this.pods?.stop();
  }

  private armOwn(containerId: string): void {
    const container = this.config.registries.containers.get(containerId)?.getSnapshot();
    const startedAt = container?.context.startedAt ?? null;
    if (!container?.hasTag('live') || startedAt === null) return;
    const { context } = container;
    const sandbox = this.config.registries.sandboxes.get(context.sandboxId)?.getSnapshot();
    if (!sandbox) return;
    const script = scriptedEndFor(sandbox.context, context);
    const oomMs = this.oomAfterMs(containerId, sandbox.context, context);
    // Whichever comes first wins; at the same time the scripted one does (it was asked for).
    const oom = oomMs !== null && (!script || oomMs < script.afterMs);
    const end = oom ? { afterMs: oomMs, exitStatus: OOM_EXIT_STATUS } : script;
    if (!end) return;
    const exit: DueExit = {
      containerId,
      sandboxId: context.sandboxId,
      startedAt,
      at: startedAt + end.afterMs,
      exitStatus: end.exitStatus,
      cause: oom ? 'oom' : 'script',
    };
    this.ends.set(containerId, exit);
    this.timer.add(exit);
  }

  private async end(exit: DueExit): Promise<void> {
    await this.sender.send(exit);
    if (this.ends.get(exit.containerId) === exit) this.ends.delete(exit.containerId);
  }

  private armedEndOf(containerId: string, startedAt: number): number | null {
    const exit = this.ends.get(containerId);
    return exit?.startedAt === startedAt ? exit.at : null;
  }

  /** The container's OOM time; a failure (a bad --dir record) is logged and arms none, never failing its Start. */
  private oomAfterMs(
    containerId: string,
    sandbox: SandboxContext,
    container: ContainerContext,
  ): number | null {
    try {
      return this.config.oomAfterMs?.({ sandbox, container }) ?? null;
    } catch (error) {
      this.config.log.warn({ containerId, err: error }, 'OOM kill not armed: its memory profile is unusable');
      return null;
    }
  }
}
