import type { Registries } from '../../machines/registries.js';
import type { ActorKind } from './feed.js';

/** A live actor as inspection views list it. */
export interface ActorSummary {
  id: string;
  kind: ActorKind;
  state: string;
  parent: string | null;
  /** epoch milliseconds of the last recorded lifecycle time (created, started or exited) */
  since: number;
  pid: number;
  resources: unknown;
}

const latest = (...times: Array<number | null>): number => Math.max(...times.map((time) => time ?? 0));

/** Every live sandbox, container and exec actor, read from their current snapshots. */
export function liveActors(registries: Registries): ActorSummary[] {
  const actors: ActorSummary[] = [];
  for (const id of registries.sandboxes.ids()) {
    const snapshot = registries.sandboxes.get(id)?.getSnapshot();
    if (!snapshot) continue;
    const { context } = snapshot;
    actors.push({
      id,
      kind: 'sandbox',
      state: snapshot.value,
      parent: null,
      since: latest(context.createdAt, context.startedAt, context.exitedAt),
      pid: snapshot.hasTag('holdsPid') ? context.pid : 0,
      resources: context.resources,
    });
    for (const containerId of registries.containerIdsOf(id)) {
      const container = registries.containers.get(containerId)?.getSnapshot();
      if (!container) continue;
      actors.push({
        id: containerId,
        kind: 'container',
        state: container.value,
        parent: id,
        since: latest(container.context.createdAt, container.context.startedAt, container.context.exitedAt),
        pid: container.context.pid,
        resources: container.context.resources,
      });
      for (const execId of registries.execIdsOf(containerId)) {
        const exec = registries.getExec(containerId, execId)?.getSnapshot();
        if (!exec) continue;
        actors.push({
          id: execId,
          kind: 'exec',
          state: exec.value,
          parent: containerId,
          since: latest(exec.context.createdAt, exec.context.exitedAt),
          pid: exec.context.pid,
          resources: null,
        });
      }
    }
  }
  return actors;
}
