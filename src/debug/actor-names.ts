import type { Registries } from '../../machines/registries.js';
import { criContainerNameOf } from '../containers/cri-annotations.js';
import { podIdentityOf } from '../workload/sampler.js';

/** What the page shows beside an actor's id: its pod's namespace/name, and a container's CRI name. */
export interface ActorNames {
  /** `namespace/name` of the pod (the sandbox itself, or the one the container or exec belongs to); '' if none. */
  pod: string;
  /** A container's CRI name; '' for sandboxes and execs. */
  name: string;
}

const podNameOf = (registries: Registries, sandboxId: string): string => {
  const record = registries.sandboxes.get(sandboxId)?.getSnapshot().context.record;
  if (!record) return '';
  const { name, namespace } = podIdentityOf(record);
  return name === '' ? '' : `${namespace}/${name}`;
};

export function actorNames(
  registries: Registries,
  actor: { id: string; kind: string; parent: string | null },
): ActorNames {
  if (actor.kind === 'sandbox') return { pod: podNameOf(registries, actor.id), name: '' };
  if (actor.kind === 'container') {
    const record = registries.containers.get(actor.id)?.getSnapshot().context.record;
    return { pod: podNameOf(registries, actor.parent ?? ''), name: record ? criContainerNameOf(record) : '' };
  }
  const sandboxId = registries.containers.get(actor.parent ?? '')?.getSnapshot().context.sandboxId ?? '';
  return { pod: podNameOf(registries, sandboxId), name: '' };
}
