/** The node's resources: capacity as given (or found on the host), what is reserved, and what allocatable leaves. */
import { allocatableOf } from './allocatable.js';
import { millisOf, unitsOf } from './amounts.js';
import type { Threshold } from './eviction.js';
import type { Allowance } from './fit.js';
import { CPU, MEMORY, PODS } from './resource-names.js';
import type { ResourceList } from './resource-list.js';

export interface NodeSpec {
  capacity: ResourceList;
  /** kube-reserved and system-reserved together (--reserved). */
  reserved: ResourceList;
  evictionHard: readonly Threshold[];
  allocatable: ResourceList;
}

/** `given` over `host`'s defaults, in the host list's order, then what only `given` names (hugepages). */
export function nodeSpec(
  given: ResourceList,
  host: ResourceList,
  reserved: ResourceList,
  evictionHard: readonly Threshold[],
): NodeSpec {
  const capacity = new Map(host);
  for (const [name, amount] of given) capacity.set(name, amount);
  return { capacity, reserved, evictionHard, allocatable: allocatableOf(capacity, reserved, evictionHard) };
}

/** Allocatable in the units kubelet's admission compares: pods, millicores, bytes. */
export const allowanceOf = (spec: NodeSpec): Allowance => ({
  pods: unitsOf(spec.allocatable.get(PODS) ?? 0n),
  cpu: millisOf(spec.allocatable.get(CPU) ?? 0n),
  memory: unitsOf(spec.allocatable.get(MEMORY) ?? 0n),
});
