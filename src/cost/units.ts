/**
 * What a resource's amounts count in a cost: cores for cpu, GiB for what is measured in bytes (memory, hugepages,
 * ephemeral storage), whole units for the rest (a GPU, any extended resource). Prices are per that unit and hour.
 */
import { CPU, EPHEMERAL_STORAGE, isHugePages, MEMORY } from '../node/resource-names.js';

export const GIB = 2 ** 30;

export const isBytes = (resource: string): boolean =>
  resource === MEMORY || resource === EPHEMERAL_STORAGE || isHugePages(resource);

/** The unit of a ResourceCost's amounts: core-hours, GiB-hours or unit-hours. */
export function unitOf(resource: string): string {
  if (resource === CPU) return 'core-hours';
  return isBytes(resource) ? 'GiB-hours' : 'unit-hours';
}

/** A kubelet amount (millicores for cpu, bytes, counts) in the unit prices are given per. */
export function pricedUnits(resource: string, kubeletUnits: number): number {
  if (resource === CPU) return kubeletUnits / 1000;
  return isBytes(resource) ? kubeletUnits / GIB : kubeletUnits;
}
