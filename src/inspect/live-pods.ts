/**
 * The live sandboxes as the simulated node sees them (src/node/): each with its namespace, whether it holds
 * resources, its ResourceInfo and its live containers'. Read from the actors' current snapshots; also the pod and
 * container a Create describes, before any actor exists.
 */
import type { Registries } from '../../machines/registries.js';
import type { CreateSandboxCommand, CreateTaskCommand } from '../../machines/supervisor.machine.js';
import type { JsonObject } from '../core/json.js';
import { criContainerNameOf } from '../containers/cri-annotations.js';
import type { LiveContainer, LivePod } from '../node/live-pod.js';
import type { ResourceInfo } from '../resources/types.js';
import { podIdentityOf } from '../workload/sampler.js';

/** What the actors store is a ResourceInfo (src/resources/), kept as JSON. */
const resourceInfo = (resources: JsonObject): ResourceInfo => resources as unknown as ResourceInfo;

export function livePod(registries: Registries, sandboxId: string): LivePod | null {
  const snapshot = registries.sandboxes.get(sandboxId)?.getSnapshot();
  if (!snapshot) return null;
  const { context } = snapshot;
  const containers: LiveContainer[] = [];
  for (const id of registries.containerIdsOf(sandboxId)) {
    const container = registries.containers.get(id)?.getSnapshot();
    if (!container?.hasTag('live')) continue;
    const { record, resources } = container.context;
    containers.push({ id, name: criContainerNameOf(record), resources: resourceInfo(resources) });
  }
  return {
    sandboxId,
    ...podIdentityOf(context.record),
    holding: !snapshot.hasTag('finished'),
    resources: resourceInfo(context.resources),
    containers,
  };
}

export function livePods(registries: Registries): LivePod[] {
  return [...registries.sandboxes.ids()]
    .map((id) => livePod(registries, id))
    .filter((pod): pod is LivePod => pod !== null);
}

/** The pod a sandbox Create asks for: holding, with no containers yet. */
export const newPod = ({ sandboxId, record, resources }: CreateSandboxCommand): LivePod => ({
  sandboxId,
  ...podIdentityOf(record),
  holding: true,
  resources: resourceInfo(resources),
  containers: [],
});

export const newContainer = ({ containerId, record, resources }: CreateTaskCommand): LiveContainer => ({
  id: containerId,
  name: criContainerNameOf(record),
  resources: resourceInfo(resources),
});
