/**
 * One pod as a sampling pass reads it: each container's usage from the model (no gRPC, no supervisor: the
 * committed snapshots, as the metrics' pod walk reads them) and what the pod holds of the node.
 */
import type { Registries } from '../../machines/registries.js';
import { usageView } from '../../machines/supervisor/views.js';
import { podShare, type PodShare } from '../node/pod-share.js';
import type { ResourceInfo } from '../resources/types.js';
import type { UsageSampler } from '../workload/sampler.js';
import type { ContainerReading } from './container-track.js';

export interface PodRead {
  containers: ContainerReading[];
  /** null: the pod holds nothing (its sandbox is stopped). */
  share: PodShare | null;
}

const resourceInfo = (resources: object): ResourceInfo => resources as unknown as ResourceInfo;

/** null when the sandbox is gone. */
export function readPod(registries: Registries, usage: UsageSampler, sandboxId: string): PodRead | null {
  const sandbox = registries.sandboxes.get(sandboxId);
  if (!sandbox) return null;
  const containers: ContainerReading[] = [];
  const liveResources: ResourceInfo[] = [];
  for (const containerId of registries.containerIdsOf(sandboxId)) {
    const container = registries.containers.get(containerId);
    if (!container) continue;
    const view = usageView(registries, sandbox, container);
    const at = usage.now();
    const sample = usage.sample(view, at);
    containers.push({
      containerId,
      cpuUsageUsec: sample.cpuUsageUsec,
      at,
      startedAt: view.container.startedAt,
      live: view.live,
      // The working set as kubelet derives it: usage less the page cache that can be dropped.
      memoryWorkingSetBytes: Math.max(0, sample.memoryUsageBytes - sample.memoryInactiveFileBytes),
    });
    if (view.live) liveResources.push(resourceInfo(view.container.resources));
  }
  const snapshot = sandbox.getSnapshot();
  const share = snapshot.hasTag('finished')
    ? null
    : podShare(resourceInfo(snapshot.context.resources), liveResources);
  return { containers, share };
}
