import type { Logger } from 'pino';
import type { Actor } from 'xstate';
import type { Registries } from '../../machines/registries.js';
import type { ProcessView, SupervisorMachine } from '../../machines/supervisor.machine.js';
import type { SandboxerError } from '../core/errors.js';
import { recordedNamespaceOf } from '../sandbox/record.js';
import { ask } from '../transport/ask.js';
import type { DueExit, ExitCause } from './due-list.js';

/** An OOM-killed process's status, as runc reports one killed by SIGKILL: 128 + 9. */
export const OOM_EXIT_STATUS = 137;

export interface ExitSenderConfig {
  supervisor: Actor<SupervisorMachine>;
  /** Read only: whether the run an exit was armed for still runs, and the sandbox's containerd namespace. */
  registries: Registries;
  log: Logger;
  /** After an exit is durable: what the daemon does for any exited process (stdio EOF, stdin closed). */
  onExited(view: ProcessView): void;
  /**
   * Tells containerd of an OOM kill before the exit is sent (src/exits/oom-events.ts); it never rejects. Without
   * it the container still exits 137, and containerd's CRI reports the reason as Error.
   */
  reportOom?(oom: { sandboxId: string; containerId: string; namespace: string | null }): Promise<void>;
}

const MESSAGES: Record<ExitCause, string> = {
  script: 'Container exited as its script says',
  oom: 'Container OOM-killed: its memory demand went above its limit',
  'pod-oom': "Container OOM-killed: its pod's memory demand went above the pod's limit",
};

/**
 * Ends a container's run as the timers decided: containerd is told of an OOM kill first, then the container's
 * machine gets `EXIT` through the supervisor, like any request, with the due time as its exit time.
 */
export class ExitSender {
  constructor(private readonly config: ExitSenderConfig) {}

  /** The container still runs the run that was armed (not stopped, deleted or restarted since). */
  isRun(containerId: string, startedAt: number): boolean {
    const container = this.config.registries.containers.get(containerId)?.getSnapshot();
    return container?.hasTag('live') === true && container.context.startedAt === startedAt;
  }

  /** Whether the exit was applied: false when the run had already ended (stopped, deleted or replaced). */
  async send({ containerId, sandboxId, startedAt, at, exitStatus, cause }: DueExit): Promise<boolean> {
    const { supervisor, log, onExited, reportOom } = this.config;
    try {
      // Before the exit: containerd's CRI keeps the reason the TaskOOM event set when the exit arrives.
      if (cause !== 'script' && this.isRun(containerId, startedAt)) {
        const sandbox = this.config.registries.sandboxes.get(sandboxId)?.getSnapshot();
        const namespace = sandbox ? recordedNamespaceOf(sandbox.context.record) : null;
        await reportOom?.({ sandboxId, containerId, namespace });
      }
      const view = await ask(supervisor, 'task.exit', { containerId, startedAt, at, exitStatus });
      log.info({ sandboxId: view.sandboxId, containerId, exitStatus }, MESSAGES[cause]);
      onExited(view);
      return true;
    } catch (error) {
      log.debug({ containerId, cause, reason: (error as SandboxerError).message }, 'Timed exit not applied');
      return false;
    }
  }
}
