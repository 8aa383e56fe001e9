import type { NodeSpec } from './node-spec.js';
import type { ResourceList } from './resource-list.js';

/** A resource list in the units kube-state-metrics reports: cores for cpu, bytes for memory, counts for pods. */
export function inUnits(list: ResourceList): Record<string, number> {
  const units: Record<string, number> = {};
  for (const [name, nanos] of list) units[name] = Number(nanos) / 1e9;
  return units;
}

/** The node's capacity and allocatable as the metrics read them at each scrape (docs/metrics.md). */
export const capacitySource = (spec: NodeSpec) => ({
  capacity: () => inUnits(spec.capacity),
  allocatable: () => inUnits(spec.allocatable),
});
