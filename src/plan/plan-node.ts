/** The node a plan is asked of, in kubelet's units: the daemon's (allocatable, what is held) or a --capacity. */
import { emptyAllocation, type Allocation } from '../node/allocation.js';
import { defaultEvictionHard } from '../node/eviction.js';
import { nodeSpec, type NodeSpec } from '../node/node-spec.js';
import { nanosOfUnits } from '../node/amounts.js';
import { CPU, MEMORY, PODS } from '../node/resource-names.js';
import type { ResourceList } from '../node/resource-list.js';
import { DEFAULT_PODS } from '../node/host-capacity.js';
import { kubeletUnits, type PlanNode } from './fit.js';

export function planNodeOf(spec: NodeSpec, allocated: Allocation): PlanNode {
  const allocatable = new Map<string, number>();
  for (const [name, nanos] of spec.allocatable) allocatable.set(name, kubeletUnits(name, nanos));
  return {
    allocatable,
    allocated: new Map([
      [PODS, allocated.pods],
      [CPU, allocated.requests.cpu],
      [MEMORY, allocated.requests.memory],
    ]),
  };
}

/**
 * A node of `capacity` with nothing on it, its allocatable as the daemon would compute it from the same
 * --capacity: nothing reserved, kubelet's default hard eviction thresholds, pods 110 unless given.
 */
export function emptyNodeOf(capacity: ResourceList): { spec: NodeSpec; node: PlanNode } {
  const defaults = new Map([[PODS, nanosOfUnits(DEFAULT_PODS)]]);
  const spec = nodeSpec(capacity, defaults, new Map(), defaultEvictionHard());
  return { spec, node: planNodeOf(spec, emptyAllocation()) };
}
