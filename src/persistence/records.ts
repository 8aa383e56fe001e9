import type { Registries, ContainerActor, SandboxActor } from '../../machines/registries.js';

export const SANDBOX_FILE_FORMAT = 'resource-slot.sandbox/v1';
export const CONTAINER_FILE_FORMAT = 'resource-slot.container/v1';

/** sandbox.json: everything needed to rebuild the sandbox's actor after a restart. */
export interface SandboxFile {
  format: typeof SANDBOX_FILE_FORMAT;
  id: string;
  state: string;
  snapshot: unknown;
}

/** containers/<id>.json: the container's actor, its exec processes, and its resources for people to read. */
export interface ContainerFile {
  format: typeof CONTAINER_FILE_FORMAT;
  id: string;
  sandbox_id: string;
  state: string;
  resources: unknown;
  snapshot: unknown;
  execs: Array<{ id: string; state: string; snapshot: unknown }>;
}

export function sandboxFile(actor: SandboxActor): SandboxFile {
  const { value, context } = actor.getSnapshot();
  return {
    format: SANDBOX_FILE_FORMAT,
    id: context.id,
    state: value,
    snapshot: actor.getPersistedSnapshot(),
  };
}

export function containerFile(actor: ContainerActor, registries: Registries): ContainerFile {
  const { value, context } = actor.getSnapshot();
  const execs = registries.execIdsOf(context.id).flatMap((execId) => {
    const exec = registries.getExec(context.id, execId);
    return exec
      ? [{ id: execId, state: exec.getSnapshot().value, snapshot: exec.getPersistedSnapshot() }]
      : [];
  });
  return {
    format: CONTAINER_FILE_FORMAT,
    id: context.id,
    sandbox_id: context.sandboxId,
    state: value,
    resources: context.resources,
    snapshot: actor.getPersistedSnapshot(),
    execs,
  };
}
