import { assertEvent, createActor, type AnyStateMachine, type Snapshot } from 'xstate';
import { FailedPreconditionError, NotFoundError, UnavailableError } from '../../src/core/errors.js';
import type { Exit } from '../../src/core/exit.js';
import {
  containerEventMethod,
  type ContainerContext,
  type ContainerEvent,
  type ContainerInput,
  type ContainerMachine,
} from '../container.machine.js';
import {
  execEventMethod,
  type ExecContext,
  type ExecEvent,
  type ExecInput,
  type ExecMachine,
} from '../exec.machine.js';
import {
  execKey,
  type ContainerActor,
  type ExecActor,
  type Registries,
  type SandboxActor,
} from '../registries.js';
import {
  sandboxEventMethod,
  type SandboxContext,
  type SandboxEvent,
  type SandboxInput,
  type SandboxMachine,
} from '../sandbox.machine.js';
import { statesAccepting } from '../states-accepting.js';
import type { EntityKind, SupervisorPorts } from './ports.js';

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

/** What the checked send reads of an actor's snapshot, whichever of the three machines it runs. */
interface EntitySnapshot {
  value: string;
  status: string;
  context: { id: string; pid: number };
  can(event: { type: string }): boolean;
  hasTag(tag: string): boolean;
}

/**
 * The one owner of every sandbox, container and exec actor. It spawns them (from an input or from a persisted
 * snapshot), and every event reaches them through its checked send: the event is refused unless the actor's
 * current state accepts it (XState would drop it silently), and after it the bookkeeping follows the tags and
 * final states: a pid is released when its holder leaves `holdsPid`, a final actor leaves the registries. The
 * cascades the machines name (a sandbox stopping stops its containers, a container's end kills its execs, a
 * sandbox's deletion deletes its containers) are provided here, so they too go through the checked send.
 */
export class ActorStore {
  readonly registries: Registries;
  private readonly machines: { sandbox: SandboxMachine; container: ContainerMachine; exec: ExecMachine };

  constructor(private readonly ports: SupervisorPorts) {
    const registries = (this.registries = ports.registries);
    this.machines = {
      sandbox: ports.sandboxMachine.provide({
        actions: {
          releaseWaiters: ({ context }) => registries.sandboxes.releaseWaiters(context.id, exitOf(context)),
          stopContainers: ({ context, event }) => {
            assertEvent(event, ['STOP', 'SHUTDOWN']);
            this.stopContainersOf(context.id, event.at);
          },
          deleteContainers: ({ context, event }) => {
            assertEvent(event, 'SHUTDOWN');
            this.deleteContainersOf(context.id, event.at);
          },
        },
      }),
      container: ports.containerMachine.provide({
        actions: {
          releaseWaiters: ({ context }) => registries.containers.releaseWaiters(context.id, exitOf(context)),
          killExecs: ({ context, event }) => {
            assertEvent(event, ['KILL', 'SANDBOX_STOPPED', 'DELETE', 'EXIT']);
            this.killExecsOf(context.id, event.at);
          },
        },
      }),
      exec: ports.execMachine.provide({
        actions: {
          releaseWaiters: ({ context }) =>
            registries.execs.releaseWaiters(execKey(context.containerId, context.id), exitOf(context)),
        },
      }),
    };
  }

  // Lookups: an id the store does not hold is NotFound.

  sandbox(sandboxId: string): SandboxActor {
    const actor = this.registries.sandboxes.get(sandboxId);
    if (!actor) throw new NotFoundError(`sandbox ${sandboxId} not found`);
    return actor;
  }

  container(containerId: string): ContainerActor {
    const actor = this.registries.containers.get(containerId);
    if (!actor) throw new NotFoundError(`task ${containerId} not found`);
    return actor;
  }

  exec(containerId: string, execId: string): ExecActor {
    this.container(containerId);
    const actor = this.registries.getExec(containerId, execId);
    if (!actor) throw new NotFoundError(`process ${execId} of task ${containerId} not found`);
    return actor;
  }

  // Spawning.

  spawnSandbox(input: SandboxInput): SandboxActor {
    const actor = createActor(this.machines.sandbox, { parent: this.registries.entities.parent, input });
    this.registries.sandboxes.add(input.id, actor);
    this.registries.entities.start(actor);
    this.ports.podChanged(input.id);
    this.ports.onTransition?.('sandbox', null, actor.getSnapshot().value);
    return actor;
  }

  /** A container in its sandbox, with its init pid taken now (runc's init process exists from Create on). */
  spawnContainer(input: Omit<ContainerInput, 'pid'>): ContainerActor {
    const actor = createActor(this.machines.container, {
      parent: this.registries.entities.parent,
      input: { ...input, pid: this.ports.allocatePid() },
    });
    this.registries.addContainer(input.sandboxId, input.id, actor);
    this.registries.entities.start(actor);
    this.ports.podChanged(input.sandboxId);
    this.ports.onTransition?.('container', null, actor.getSnapshot().value);
    return actor;
  }

  spawnExec(input: ExecInput): ExecActor {
    const actor = createActor(this.machines.exec, { parent: this.registries.entities.parent, input });
    this.registries.addExec(input.containerId, input.id, actor);
    this.registries.entities.start(actor);
    this.ports.onTransition?.('exec', null, actor.getSnapshot().value);
    return actor;
  }

  /**
   * Rebuilds a sandbox, its containers and their execs from their persisted snapshots (no entry action runs again,
   * so nothing is rewritten) and reserves the pids they hold. Throws, having dropped whatever it rebuilt, when a
   * snapshot does not fit its machine. `input` is read only when there is no snapshot, so it is given the persisted
   * context as is rather than a copy per actor.
   */
  restore(recovered: RecoveredSandbox): void {
    const sandboxId = recovered.sandbox.context.id;
    const { registries, machines } = this;
    const parent = registries.entities.parent;
    this.ports.podChanged(sandboxId);
    try {
      const { sandbox: persisted } = recovered;
      const sandbox = createActor(machines.sandbox, {
        parent,
        snapshot: asSnapshot(persisted),
        input: persisted.context,
      });
      registries.sandboxes.add(sandboxId, sandbox);
      this.resumed(sandbox);
      for (const { container, execs } of recovered.containers) {
        const actor = createActor(machines.container, {
          parent,
          snapshot: asSnapshot(container),
          input: container.context,
        });
        registries.addContainer(sandboxId, container.context.id, actor);
        this.resumed(actor);
        for (const exec of execs) {
          const execActor = createActor(machines.exec, {
            parent,
            snapshot: asSnapshot(exec),
            input: exec.context,
          });
          registries.addExec(container.context.id, exec.context.id, execActor);
          this.resumed(execActor);
        }
      }
    } catch (error) {
      for (const containerId of registries.containerIdsOf(sandboxId))
        registries.removeContainer(sandboxId, containerId);
      registries.sandboxes.remove(sandboxId);
      throw error;
    }
  }

  /**
   * Drops every actor of the sandbox without a transition: their pids are released and their pending Waits
   * answered with UNAVAILABLE (containerd retries). Used when the disk refused a write and memory must go back.
   */
  drop(sandboxId: string, reason: string): void {
    const { registries } = this;
    for (const containerId of registries.containerIdsOf(sandboxId)) this.dropContainer(containerId, reason);
    this.releasePidOf(registries.sandboxes.get(sandboxId)?.getSnapshot());
    const gone = new UnavailableError(reason);
    for (const waiter of registries.sandboxes.takeWaiters(sandboxId)) waiter.reject(gone);
    registries.sandboxes.remove(sandboxId);
    this.ports.podChanged(sandboxId);
  }

  /** Drops one container and its execs without a transition, as `drop` does a whole sandbox. */
  dropContainer(containerId: string, reason: string): void {
    const { registries } = this;
    const container = registries.containers.get(containerId)?.getSnapshot();
    if (!container) return;
    const gone = new UnavailableError(reason);
    for (const execId of registries.execIdsOf(containerId)) {
      this.releasePidOf(registries.getExec(containerId, execId)?.getSnapshot());
      for (const waiter of registries.execs.takeWaiters(execKey(containerId, execId))) waiter.reject(gone);
    }
    this.releasePidOf(container);
    for (const waiter of registries.containers.takeWaiters(containerId)) waiter.reject(gone);
    registries.removeContainer(container.context.sandboxId, containerId);
    this.ports.podChanged(container.context.sandboxId);
  }

  // The checked send: refused unless the actor's state accepts the event, then bookkeeping by tags.

  /** Refuses (naming the state) unless the sandbox's state accepts `event`; sends nothing. */
  checkSandbox(actor: SandboxActor, event: SandboxEvent): void {
    const snapshot = actor.getSnapshot();
    this.ensure(snapshot, event, this.machines.sandbox, sandboxEventMethod, `sandbox ${snapshot.context.id}`);
  }

  /** Refuses (naming the state) unless the container's state accepts `event`; sends nothing. */
  checkContainer(actor: ContainerActor, event: ContainerEvent): void {
    const snapshot = actor.getSnapshot();
    this.ensure(
      snapshot,
      event,
      this.machines.container,
      containerEventMethod,
      `task ${snapshot.context.id}`,
    );
  }

  sendToSandbox(actor: SandboxActor, event: SandboxEvent): void {
    const before = actor.getSnapshot();
    this.checkSandbox(actor, event);
    actor.send(event);
    this.settle('sandbox', before, actor.getSnapshot(), () =>
      this.registries.sandboxes.remove(before.context.id),
    );
    this.ports.podChanged(before.context.id);
  }

  sendToContainer(actor: ContainerActor, event: ContainerEvent): void {
    const before = actor.getSnapshot();
    const { id, sandboxId } = before.context;
    this.checkContainer(actor, event);
    actor.send(event);
    this.settle('container', before, actor.getSnapshot(), () =>
      this.registries.removeContainer(sandboxId, id),
    );
    this.ports.podChanged(sandboxId);
  }

  sendToExec(actor: ExecActor, event: ExecEvent): void {
    const before = actor.getSnapshot();
    const { id, containerId } = before.context;
    this.ensure(before, event, this.machines.exec, execEventMethod, `process ${id} of task ${containerId}`);
    actor.send(event);
    this.settle('exec', before, actor.getSnapshot(), () => this.registries.removeExec(containerId, id));
  }

  /** Start with a pid: the pid is allocated only once the sandbox's state accepts the Start. */
  startSandbox(actor: SandboxActor, at: number): void {
    this.checkSandbox(actor, { type: 'START', at, pid: 0 });
    this.sendToSandbox(actor, { type: 'START', at, pid: this.ports.allocatePid() });
  }

  /** Start with a pid, allocated only once the process's state accepts the Start. */
  startExec(actor: ExecActor, at: number): void {
    const snapshot = actor.getSnapshot();
    const { id, containerId } = snapshot.context;
    const probe: ExecEvent = { type: 'START', at, pid: 0 };
    this.ensure(snapshot, probe, this.machines.exec, execEventMethod, `process ${id} of task ${containerId}`);
    this.sendToExec(actor, { type: 'START', at, pid: this.ports.allocatePid() });
  }

  // Cascades, named by the machines.

  private stopContainersOf(sandboxId: string, at: number): void {
    for (const containerId of this.registries.containerIdsOf(sandboxId)) {
      const actor = this.registries.containers.get(containerId);
      if (actor?.getSnapshot().hasTag('live')) this.sendToContainer(actor, { type: 'SANDBOX_STOPPED', at });
    }
  }

  private deleteContainersOf(sandboxId: string, at: number): void {
    for (const containerId of this.registries.containerIdsOf(sandboxId)) {
      for (const execId of this.registries.execIdsOf(containerId)) {
        const exec = this.registries.getExec(containerId, execId);
        if (exec) this.sendToExec(exec, { type: 'DELETE', at });
      }
      const actor = this.registries.containers.get(containerId);
      if (actor) this.sendToContainer(actor, { type: 'DELETE', at });
    }
  }

  private killExecsOf(containerId: string, at: number): void {
    for (const execId of this.registries.execIdsOf(containerId)) {
      const exec = this.registries.getExec(containerId, execId);
      if (exec?.getSnapshot().hasTag('live')) this.sendToExec(exec, { type: 'KILL', at, signal: 9 });
    }
  }

  // Internals.

  private ensure(
    snapshot: EntitySnapshot,
    event: { type: string },
    machine: AnyStateMachine,
    method: Record<string, string>,
    subject: string,
  ): void {
    if (snapshot.can(event)) return;
    // runc answers a signal to an exited process "process already finished" with NotFound, and containerd's stop
    // path tolerates exactly that.
    if (event.type === 'KILL' && snapshot.hasTag('finished'))
      throw new NotFoundError(`${subject}: process already finished`);
    const allowed = statesAccepting(machine, event);
    throw new FailedPreconditionError(
      `${subject} is ${snapshot.value}; ${method[event.type] ?? event.type} is allowed only in ` +
        (allowed.length > 0 ? allowed.join(' or ') : 'no state'),
    );
  }

  /**
   * What follows a transition: whoever listens is told of a state change, the pid goes when `holdsPid` does, the
   * actor goes when it is final.
   */
  private settle(kind: EntityKind, before: EntitySnapshot, after: EntitySnapshot, forget: () => void): void {
    if (before.value !== after.value) this.ports.onTransition?.(kind, before.value, after.value);
    if (before.hasTag('holdsPid') && !after.hasTag('holdsPid')) this.ports.releasePid(before.context.pid);
    if (after.status === 'done') forget();
  }

  private resumed(actor: SandboxActor | ContainerActor | ExecActor): void {
    this.registries.entities.start(actor);
    const snapshot: EntitySnapshot = actor.getSnapshot();
    if (snapshot.hasTag('holdsPid')) this.ports.reservePid(snapshot.context.pid);
  }

  private releasePidOf(snapshot: EntitySnapshot | undefined): void {
    if (snapshot?.hasTag('holdsPid')) this.ports.releasePid(snapshot.context.pid);
  }
}

/**
 * The one cast between disk and XState: XState types a snapshot to restore as `Snapshot<unknown>`, ours is the
 * machine's own value and context as getPersistedSnapshot() wrote them (read back by src/persistence/recovery.ts).
 * A snapshot that does not fit its machine makes the actor's start throw, which `restore` reports.
 */
function asSnapshot<C>(persisted: PersistedState<C>): Snapshot<unknown> {
  return persisted as unknown as Snapshot<unknown>;
}

function exitOf(context: { exitStatus: number | null; exitedAt: number | null }): Exit {
  return { exitStatus: context.exitStatus ?? 0, exitedAt: context.exitedAt ?? 0 };
}
