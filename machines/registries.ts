import type { Actor, AnyActorRef } from 'xstate';
import { ActorTable } from './actor-table.js';
import type { ContainerMachine } from './container.machine.js';
import type { ExecMachine } from './exec.machine.js';
import type { SandboxMachine } from './sandbox.machine.js';
import { EntitySystem } from './supervisor/entity-system.js';

export type SandboxActor = Actor<SandboxMachine>;
export type ContainerActor = Actor<ContainerMachine>;
export type ExecActor = Actor<ExecMachine>;

/** Exec processes are keyed by container and exec id together: exec ids are unique only within a container. */
export const execKey = (containerId: string, execId: string): string => `${containerId}\u0000${execId}`;

/** Every live actor, and which containers belong to which sandbox and which execs to which container. */
export class Registries {
  /** The parent every entity actor is created with (`parent: registries.entities.parent`). */
  readonly entities: EntitySystem;
  readonly sandboxes: ActorTable<SandboxActor>;
  readonly containers: ActorTable<ContainerActor>;
  readonly execs: ActorTable<ExecActor>;
  // Arrays, not Sets: a sandbox has a handful of containers (usually one), and at 100k sandboxes a Set each costs
  // several times what a one-element array does.
  private readonly containersBySandbox = new Map<string, string[]>();
  private readonly execsByContainer = new Map<string, string[]>();

  constructor() {
    const entities = new EntitySystem();
    const stop = (actor: AnyActorRef) => entities.stop(actor);
    this.entities = entities;
    this.sandboxes = new ActorTable<SandboxActor>(stop);
    this.containers = new ActorTable<ContainerActor>(stop);
    this.execs = new ActorTable<ExecActor>(stop);
  }

  addContainer(sandboxId: string, containerId: string, actor: ContainerActor): void {
    this.containers.add(containerId, actor);
    addMember(this.containersBySandbox, sandboxId, containerId);
  }

  removeContainer(sandboxId: string, containerId: string): void {
    for (const execId of this.execIdsOf(containerId)) this.removeExec(containerId, execId);
    this.containers.remove(containerId);
    removeMember(this.containersBySandbox, sandboxId, containerId);
  }

  containerIdsOf(sandboxId: string): string[] {
    return [...(this.containersBySandbox.get(sandboxId) ?? [])];
  }

  addExec(containerId: string, execId: string, actor: ExecActor): void {
    this.execs.add(execKey(containerId, execId), actor);
    addMember(this.execsByContainer, containerId, execId);
  }

  removeExec(containerId: string, execId: string): void {
    this.execs.remove(execKey(containerId, execId));
    removeMember(this.execsByContainer, containerId, execId);
  }

  execIdsOf(containerId: string): string[] {
    return [...(this.execsByContainer.get(containerId) ?? [])];
  }

  getExec(containerId: string, execId: string): ExecActor | undefined {
    return this.execs.get(execKey(containerId, execId));
  }
}

function addMember(groups: Map<string, string[]>, owner: string, member: string): void {
  const members = groups.get(owner);
  if (!members) groups.set(owner, [member]);
  else if (!members.includes(member)) members.push(member);
}

function removeMember(groups: Map<string, string[]>, owner: string, member: string): void {
  const members = groups.get(owner);
  const index = members ? members.indexOf(member) : -1;
  if (!members || index < 0) return;
  members.splice(index, 1);
  if (members.length === 0) groups.delete(owner);
}
