import type { Logger } from 'pino';
import type { Actor } from 'xstate';
import type { Registries } from '../../machines/registries.js';
import type { ProcessView, SupervisorMachine } from '../../machines/supervisor.machine.js';
import type { ContainerContext } from '../../machines/container.machine.js';
import type { SandboxContext } from '../../machines/sandbox.machine.js';
import type { SandboxerError } from '../core/errors.js';
import { recordedNamespaceOf } from '../sandbox/record.js';
import { ask } from '../transport/ask.js';
import { DueList, type DueExit } from './due-list.js';
import { scriptedEndFor } from './scripted-end.js';

/** The longest delay setTimeout takes (about 24.8 days); a later exit re-arms when it fires. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** An OOM-killed process's status, as runc reports one killed by SIGKILL: 128 + 9. */
export const OOM_EXIT_STATUS = 137;

export interface ExitTimerConfig {
  supervisor: Actor<SupervisorMachine>;
  /** Read only: the containers whose scripts are armed. */
  registries: Registries;
  now(): number;
  log: Logger;
  /** After a scripted exit is durable: what the daemon does for any exited process (stdio EOF, stdin closed). */
  onExited(view: ProcessView): void;
  /**
   * When the container's memory demand first goes above its limit (ms after its start), or null
   * (src/workload/oom.ts through the usage sampler). Without it, nothing is OOM-killed.
   */
  oomAfterMs?(view: { sandbox: SandboxContext; container: ContainerContext }): number | null;
  /**
   * Tells containerd of the OOM kill before the exit is sent (src/exits/oom-events.ts); it never rejects. Without
   * it the container still exits 137, and containerd's CRI reports the reason as Error.
   */
  reportOom?(oom: { sandboxId: string; containerId: string; namespace: string | null }): Promise<void>;
}

/**
 * The daemon's one timer for scripted exits (src/exits/script.ts). A started container whose pod's annotations
 * script its end is armed with its due time (its start + the script's delay); when that comes, the container's
 * machine gets `EXIT` through the supervisor, like any request, with the due time as its exit time. Due times are
 * derived from what is persisted (the start time and the pod's annotations), so a daemon restart re-arms them, and
 * one that came due while the daemon was down fires at once with the right `exited_at`.
 */
export class ExitTimer {
  private readonly due = new DueList();
  private handle: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly config: ExitTimerConfig) {}

  /** Arms the container's script, if it has one and runs. */
  arm(containerId: string): void {
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
    const { sandboxId } = context;
    this.due.add({
      containerId,
      sandboxId,
      startedAt,
      at: startedAt + end.afterMs,
      exitStatus: end.exitStatus,
      oom,
    });
    this.schedule();
  }

  /** Arms every running container's script: at start-up, after recovery. */
  armAll(): void {
    for (const containerId of this.config.registries.containers.ids()) {
      try {
        this.arm(containerId);
      } catch (error) {
        // Checked at the pod's Create; a --dir written before that check existed may still hold a bad one.
        this.config.log.warn({ containerId, err: error }, 'Scripted exit ignored: bad annotation');
      }
    }
  }

  /** How many exits are armed (for tests and the live view). */
  get armed(): number {
    return this.due.size;
  }

  stop(): void {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.due.clear();
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

  /** The container still runs the run that was armed (not stopped, deleted or restarted since). */
  private isRun(containerId: string, startedAt: number): boolean {
    const container = this.config.registries.containers.get(containerId)?.getSnapshot();
    return container?.hasTag('live') === true && container.context.startedAt === startedAt;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    const next = this.due.earliest;
    if (!next) return;
    const delay = Math.min(Math.max(0, next.at - this.config.now()), MAX_TIMEOUT_MS);
    this.handle = setTimeout(() => this.fire(), delay);
    this.handle.unref();
  }

  private fire(): void {
    this.handle = null;
    for (const exit of this.due.takeDue(this.config.now())) void this.exit(exit);
    this.schedule();
  }

  private async exit({ containerId, sandboxId, startedAt, at, exitStatus, oom }: DueExit): Promise<void> {
    const { supervisor, log, onExited, reportOom } = this.config;
    try {
      // Before the exit: containerd's CRI keeps the reason the TaskOOM event set when the exit arrives.
      if (oom && this.isRun(containerId, startedAt)) {
        const sandbox = this.config.registries.sandboxes.get(sandboxId)?.getSnapshot();
        const namespace = sandbox ? recordedNamespaceOf(sandbox.context.record) : null;
        await reportOom?.({ sandboxId, containerId, namespace });
      }
      const view = await ask(supervisor, 'task.exit', { containerId, startedAt, at, exitStatus });
      log.info(
        { sandboxId: view.sandboxId, containerId, exitStatus },
        oom
          ? 'Container OOM-killed: its memory demand went above its limit'
          : 'Container exited as its script says',
      );
      onExited(view);
    } catch (error) {
      // Stopped, deleted or replaced before its time: nothing to end.
      log.debug({ containerId, reason: (error as SandboxerError).message }, 'Scripted exit not applied');
    }
  }
}
