/**
 * Node allocatable as kubelet reports it (pkg/kubelet/nodestatus MachineInfo with GetNodeAllocatableReservation):
 * for each resource of the capacity, capacity − (system-reserved + kube-reserved + hard eviction threshold), never
 * below 0; then each hugepages-<size> capacity is taken from allocatable memory, never below 0.
 */
import type { Nanos } from './amounts.js';
import { evictionReservation, type Threshold } from './eviction.js';
import { isHugePages, MEMORY } from './resource-names.js';
import type { ResourceList } from './resource-list.js';

const atLeastZero = (n: Nanos): Nanos => (n < 0n ? 0n : n);

export function allocatableOf(
  capacity: ResourceList,
  reserved: ResourceList,
  evictionHard: readonly Threshold[],
): ResourceList {
  const eviction = evictionReservation(evictionHard, capacity);
  const allocatable = new Map<string, Nanos>();
  for (const [name, amount] of capacity) {
    allocatable.set(name, atLeastZero(amount - (reserved.get(name) ?? 0n) - (eviction.get(name) ?? 0n)));
  }
  for (const [name, amount] of capacity) {
    if (!isHugePages(name) || !allocatable.has(MEMORY)) continue;
    allocatable.set(MEMORY, atLeastZero((allocatable.get(MEMORY) ?? 0n) - amount));
  }
  return allocatable;
}
