import type { ContainerContext, ContainerMachine } from '../container.machine.js';
import type { ExecMachine } from '../exec.machine.js';
import type { JsonObject } from '../../src/core/json.js';
import type { Registries } from '../registries.js';
import type { SandboxContext, SandboxMachine } from '../sandbox.machine.js';
import type { CreateSandboxCommand, CreateTaskCommand } from './requests.js';

/**
 * A change of containerd's sandbox record, as data: the field paths of an Update and the incoming sandbox in proto3
 * JSON. The transport checks it; `SupervisorPorts.applySandboxUpdate` applies it.
 */
export interface SandboxUpdate {
  fields: string[];
  sandbox: JsonObject;
}

/** Which of the three entity machines an actor runs. */
export type EntityKind = 'sandbox' | 'container' | 'exec';

/**
 * What the supervisor needs from the rest of the daemon. src/daemon.ts provides the real ones; the supervisor
 * table test (test/machines/supervisor-table.test.ts) provides in-memory ones.
 */
export interface SupervisorPorts {
  /** The machines with their effects (persist, forget, logTransition) already provided. */
  sandboxMachine: SandboxMachine;
  containerMachine: ContainerMachine;
  execMachine: ExecMachine;
  /** Where the live actors are kept; read by the inspection views, written only by the actor store. */
  registries: Registries;
  /** The time events carry, in milliseconds since the epoch. */
  now(): number;
  /** A fresh fake pid, unique among those held. */
  allocatePid(): number;
  /** Gives back a pid whose holder left its `holdsPid` states. */
  releasePid(pid: number): void;
  /** Marks a pid recovered from disk as in use. */
  reservePid(pid: number): void;
  /** Create beyond this many live sandboxes answers RESOURCE_EXHAUSTED. */
  maxSandboxes: number;
  /** Resolves when everything the sandbox (and its containers) entered so far is durable on disk. */
  whenDurable(sandboxId: string): Promise<void>;
  /** The sandbox's next record and resources after `update` (pure; throws InvalidArgumentError). */
  applySandboxUpdate(
    current: SandboxContext,
    update: SandboxUpdate,
  ): { record: JsonObject; resources: JsonObject };
  /**
   * A container's next resources after a task Update's LinuxResources (proto3 JSON), merged with the current ones
   * (pure; throws InvalidArgumentError when the merge is invalid).
   */
  applyResourcesUpdate(current: JsonObject, update: JsonObject): JsonObject;
  /**
   * The status a process exec'd into the container exits with at `at` (pure; nothing runs, so it exits at once):
   * 0 unless the pod's annotations script probes to fail then.
   */
  execExitStatus(container: ContainerContext, sandbox: SandboxContext, at: number): number;
  /** The name a container record gives its container (CRI's container name), '' when it has none (pure). */
  containerNameOf(record: JsonObject): string;
  /**
   * The node's admission (docs/node.md), asked before a sandbox exists: throws the refusal (RESOURCE_EXHAUSTED,
   * FAILED_PRECONDITION) under --admission enforce; otherwise returns, having logged and counted any reason.
   */
  admitSandbox(command: CreateSandboxCommand): void;
  /**
   * The same for a container of a sandbox that accepts containers, asked before anything of the container exists
   * or its sandbox counts it; answers the resources to store (the namespace's LimitRange defaults filled in).
   */
  admitTask(command: CreateTaskCommand): JsonObject;
  /**
   * A sandbox's actors changed: it or one of its containers was spawned, sent an event, restored or dropped. What
   * the node counts as allocated is kept from these (src/node/ledger.ts).
   */
  podChanged(sandboxId: string): void;
  /**
   * Told of every state change of an entity actor, after it (`from` null: the actor was just created; a restore
   * from disk is not a change). Called on the path of every event, so it must be cheap; absent: nobody listens.
   */
  onTransition?(kind: EntityKind, from: string | null, to: string): void;
}
