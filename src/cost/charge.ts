/** One resource's part of a cost, in unit-hours (src/cost/units.ts), and how such parts add up. */
import type { Prices } from './prices.js';
import { unitOf } from './units.js';

export interface ResourceCharge {
  resource: string;
  unit: string;
  /** unit-hours requested, and used by the model's average */
  requested: number;
  used: number;
  /** max(average request, average usage) × hours, per container; then added up. */
  charged: number;
  priced: boolean;
  /** per unit-hour; 0 when not priced */
  price: number;
  cost: number;
}

export function charge(
  resource: string,
  requested: number,
  used: number,
  charged: number,
  prices: Prices,
): ResourceCharge {
  const price = prices.perHour.get(resource);
  return {
    resource,
    unit: unitOf(resource),
    requested,
    used,
    charged,
    priced: price !== undefined,
    price: price ?? 0,
    cost: price === undefined ? 0 : charged * price,
  };
}

/** The charges of several parts, added up per resource, in the order resources first appear. */
export function addCharges(parts: Iterable<readonly ResourceCharge[]>): ResourceCharge[] {
  const sums = new Map<string, ResourceCharge>();
  for (const charges of parts) {
    for (const part of charges) {
      const sum = sums.get(part.resource);
      if (!sum) sums.set(part.resource, { ...part });
      else {
        sum.requested += part.requested;
        sum.used += part.used;
        sum.charged += part.charged;
        sum.cost += part.cost;
      }
    }
  }
  return [...sums.values()];
}

/** What the priced resources cost; unpriced ones add nothing here and are listed apart. */
export const totalOf = (charges: readonly ResourceCharge[]): number =>
  charges.reduce((sum, part) => sum + part.cost, 0);
