import { millisOf, unitsOf } from '../node/amounts.js';
import { CPU } from '../node/resource-names.js';
import type { ResourceList } from '../node/resource-list.js';
import type { Amounts } from './input.js';
import { pricedUnits } from './units.js';

/** The node's allocatable as kubelet reads it (millicores, whole units), in the units prices are per. */
export function allocatableAmounts(allocatable: ResourceList): Amounts {
  const amounts = new Map<string, number>();
  for (const [name, nanos] of allocatable) {
    amounts.set(name, pricedUnits(name, name === CPU ? millisOf(nanos) : unitsOf(nanos)));
  }
  return amounts;
}
