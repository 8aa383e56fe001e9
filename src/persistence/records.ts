import type { Registries, ContainerActor, SandboxActor } from '../../machines/registries.js';

export const SANDBOX_FILE_FORMAT = 'resource-slot.sandbox/v1';
export const CONTAINER_FILE_FORMAT = 'resource-slot.container/v1';

/** One container as sandbox.json keeps it: its actor's snapshot and its exec processes'. */
export interface ContainerRecord {
  id: string;
  state: string;
  snapshot: unknown;
  execs: Array<{ id: string; state: string; snapshot: unknown }>;
}

/**
 * sandbox.json: everything needed to rebuild the sandbox and its containers after a restart. It is the commit
 * point of a sandbox's state: the only file fsynced, so a failed write leaves the previous state whole.
 * resources.json and containers/<id>.json are views derived from it for people and tools.
 */
export interface SandboxFile {
  format: typeof SANDBOX_FILE_FORMAT;
  id: string;
  state: string;
  snapshot: unknown;
  containers: ContainerRecord[];
}

/** containers/<id>.json: a view of one container (state, resources, exec processes) for people and tools. */
export interface ContainerFile {
  format: typeof CONTAINER_FILE_FORMAT;
  id: string;
  sandbox_id: string;
  state: string;
  resources: unknown;
  snapshot: unknown;
  execs: Array<{ id: string; state: string; snapshot: unknown }>;
}

export function sandboxFile(actor: SandboxActor, registries: Registries): SandboxFile {
  const { value, context } = actor.getSnapshot();
  const containers = registries.containerIdsOf(context.id).flatMap((containerId) => {
    const container = registries.containers.get(containerId);
    return container ? [containerRecord(container, registries)] : [];
  });
  return {
    format: SANDBOX_FILE_FORMAT,
    id: context.id,
    state: value,
    snapshot: actor.getPersistedSnapshot(),
    containers,
  };
}

function containerRecord(actor: ContainerActor, registries: Registries): ContainerRecord {
  const { value, context } = actor.getSnapshot();
  const execs = registries.execIdsOf(context.id).flatMap((execId) => {
    const exec = registries.getExec(context.id, execId);
    return exec
      ? [{ id: execId, state: exec.getSnapshot().value, snapshot: exec.getPersistedSnapshot() }]
      : [];
  });
  return { id: context.id, state: value, snapshot: actor.getPersistedSnapshot(), execs };
}

export function containerFile(actor: ContainerActor, registries: Registries): ContainerFile {
  const { context } = actor.getSnapshot();
  const record = containerRecord(actor, registries);
  return {
    format: CONTAINER_FILE_FORMAT,
    id: record.id,
    sandbox_id: context.sandboxId,
    state: record.state,
    resources: context.resources,
    snapshot: record.snapshot,
    execs: record.execs,
  };
}
