import { createActor, type Snapshot } from 'xstate';
import type { ContainerContext } from '../container.machine.js';
import type { ExecContext } from '../exec.machine.js';
import type { Reply } from '../reply.js';
import type { SandboxContext } from '../sandbox.machine.js';
import { UnavailableError } from '../../src/errors.js';
import { execKey } from '../registries.js';
import type { SupervisorContext } from './shared.js';

/** A persisted XState snapshot: the state value and the machine's context, as getPersistedSnapshot() wrote them. */
export interface PersistedState<C> {
  value: string;
  context: C;
}

export interface RecoveredSandbox {
  sandbox: PersistedState<SandboxContext>;
  containers: Array<{
    container: PersistedState<ContainerContext>;
    execs: Array<PersistedState<ExecContext>>;
  }>;
}

/** After a failed write: put the sandbox back as its files on disk say (null: it was never durable). */
export interface RollbackRequest {
  type: 'supervisor.rollback';
  sandboxId: string;
  recovered: RecoveredSandbox | null;
  reply: Reply<void>;
}

export interface RestoreRequest {
  type: 'supervisor.restore';
  sandboxes: RecoveredSandbox[];
  /** Answers with the ids of sandboxes that could not be restored (the caller quarantines them). */
  reply: Reply<string[]>;
}

/**
 * Rebuilds actors from their persisted snapshots (no entry action runs again, so nothing is rewritten), and
 * reserves the pids of live ones so new pids never collide with recovered ones. `input` is read only when there is
 * no snapshot, so it is given the persisted context as is (the types ask for it) rather than a copy per actor.
 */
export function restore(context: SupervisorContext, request: RestoreRequest): void {
  const { registries, machines, ports } = context;
  const failed: string[] = [];
  for (const recovered of request.sandboxes) {
    const { id } = recovered.sandbox.context;
    try {
      const sandbox = createActor(machines.sandbox, {
        parent: registries.entities.parent,
        snapshot: recovered.sandbox as unknown as Snapshot<unknown> as never,
        input: recovered.sandbox.context,
      });
      registries.sandboxes.add(id, sandbox);
      registries.entities.start(sandbox);
      if (sandbox.getSnapshot().hasTag('holdsPid')) ports.reservePid(recovered.sandbox.context.pid);
      for (const { container, execs } of recovered.containers) {
        const actor = createActor(machines.container, {
          parent: registries.entities.parent,
          snapshot: container as unknown as Snapshot<unknown> as never,
          input: container.context,
        });
        registries.addContainer(id, container.context.id, actor);
        registries.entities.start(actor);
        if (actor.getSnapshot().hasTag('holdsPid')) ports.reservePid(container.context.pid);
        for (const exec of execs) {
          const execActor = createActor(machines.exec, {
            parent: registries.entities.parent,
            snapshot: exec as unknown as Snapshot<unknown> as never,
            input: exec.context,
          });
          registries.addExec(container.context.id, exec.context.id, execActor);
          registries.entities.start(execActor);
          if (execActor.getSnapshot().hasTag('holdsPid')) ports.reservePid(exec.context.pid);
        }
      }
    } catch {
      for (const containerId of registries.containerIdsOf(id)) registries.removeContainer(id, containerId);
      registries.sandboxes.remove(id);
      failed.push(id);
    }
  }
  request.reply.resolve(failed);
}

/** Drops every actor of the sandbox (answering their Waits with UNAVAILABLE, which containerd retries). */
function forgetSandbox(context: SupervisorContext, sandboxId: string): void {
  const { registries, ports } = context;
  const gone = new UnavailableError(`sandbox ${sandboxId} was rolled back after a failed write; retry`);
  for (const containerId of registries.containerIdsOf(sandboxId)) {
    for (const execId of registries.execIdsOf(containerId)) {
      const exec = registries.getExec(containerId, execId)?.getSnapshot();
      if (exec?.hasTag('holdsPid')) ports.releasePid(exec.context.pid);
      for (const waiter of registries.execs.takeWaiters(execKey(containerId, execId))) waiter.reject(gone);
    }
    const container = registries.containers.get(containerId)?.getSnapshot();
    if (container?.hasTag('holdsPid')) ports.releasePid(container.context.pid);
    for (const waiter of registries.containers.takeWaiters(containerId)) waiter.reject(gone);
    registries.removeContainer(sandboxId, containerId);
  }
  const sandbox = registries.sandboxes.get(sandboxId)?.getSnapshot();
  if (sandbox?.hasTag('holdsPid')) ports.releasePid(sandbox.context.pid);
  for (const waiter of registries.sandboxes.takeWaiters(sandboxId)) waiter.reject(gone);
  registries.sandboxes.remove(sandboxId);
}

/**
 * A write failed, so the in-memory state ran ahead of the disk: the sandbox and its containers are rebuilt from
 * what is durable, and the failed calls are answered with the write error.
 */
export function rollback(context: SupervisorContext, request: RollbackRequest): void {
  forgetSandbox(context, request.sandboxId);
  if (request.recovered) {
    restore(context, {
      type: 'supervisor.restore',
      sandboxes: [request.recovered],
      reply: { resolve: () => {}, reject: () => {} },
    });
  }
  request.reply.resolve();
}
