import type { Registries } from '../../machines/registries.js';
import type { UsageView } from '../../machines/supervisor.machine.js';
import { usageView } from '../../machines/supervisor/views.js';
import type { OverheadInfo, ResourceInfo } from '../resources/types.js';
import type { UsageSampler } from '../workload/sampler.js';
import { containerLabelOf, podLabelsOf, type PodLabels } from './pod-labels.js';

/** A running container's simulated usage now, in the kubelet's units. */
export interface ContainerUsage {
  cpuSeconds: number;
  workingSetBytes: number;
  startSeconds: number;
}

export interface ContainerRow {
  name: string;
  resources: ResourceInfo;
  /** null unless the container has started and its process exists (the kubelet reports only those). */
  usage: ContainerUsage | null;
}

export interface PodRow {
  labels: PodLabels;
  overhead: OverheadInfo | null;
  containers: ContainerRow[];
}

/**
 * Every live sandbox with its containers' resources and, for those running, their usage now: one pass over the
 * registries, one usage sample per running container (a cached model's evaluation, src/workload/sampler.ts).
 * Read-only: it looks at committed snapshots, as the Inspect service's List does, without asking the supervisor.
 */
export function walkPods(registries: Registries, usage: UsageSampler): PodRow[] {
  const rows: PodRow[] = [];
  for (const sandboxId of registries.sandboxes.ids()) {
    const sandbox = registries.sandboxes.get(sandboxId);
    if (!sandbox) continue;
    const { context } = sandbox.getSnapshot();
    const containers: ContainerRow[] = [];
    for (const containerId of registries.containerIdsOf(sandboxId)) {
      const container = registries.containers.get(containerId);
      if (!container) continue;
      const view = usageView(registries, sandbox, container);
      const { startedAt } = view.container;
      containers.push({
        name: containerLabelOf(view.container),
        resources: view.container.resources as unknown as ResourceInfo,
        usage: view.live && startedAt !== null ? usageOf(usage, view, startedAt) : null,
      });
    }
    const resources = context.resources as unknown as ResourceInfo;
    rows.push({ labels: podLabelsOf(context), overhead: resources.overhead ?? null, containers });
  }
  return rows;
}

function usageOf(usage: UsageSampler, view: UsageView, startedAt: number): ContainerUsage {
  const sample = usage.sample(view);
  return {
    cpuSeconds: sample.cpuUsageUsec / 1e6,
    // What the kubelet calls the working set: usage less the page cache that can be dropped.
    workingSetBytes: Math.max(0, sample.memoryUsageBytes - sample.memoryInactiveFileBytes),
    startSeconds: startedAt / 1000,
  };
}
