/**
 * What planned pods would cost, at their requests (their usage is not known before they run, and OpenCost charges
 * at least the request): per resource, replicas × request × price, per hour and per OpenCost's 730-hour month.
 */
import { charge, totalOf, type ResourceCharge } from '../cost/charge.js';
import { byResource } from '../cost/order.js';
import type { Prices } from '../cost/prices.js';
import { pricedUnits } from '../cost/units.js';
import { PODS } from '../node/resource-names.js';
import { kubeletUnits } from './fit.js';
import type { Requests } from './pod-requests.js';

export const HOURS_PER_MONTH = 730;

const tidy = (n: number): number => Math.round(n * 1e9) / 1e9;

export interface PlanCost {
  currency: string;
  hourly: ResourceCharge[];
  hourlyTotal: number;
  monthlyTotal: number;
  unpriced: string[];
}

export function planCost(requests: Requests, replicas: number, prices: Prices): PlanCost {
  const hourly = [...requests]
    .filter(([name, nanos]) => name !== PODS && nanos > 0n)
    .sort(([a], [b]) => byResource(a, b))
    .map(([name, nanos]) => {
      const amount = tidy(pricedUnits(name, kubeletUnits(name, nanos)) * replicas);
      const part = charge(name, amount, 0, amount, prices);
      return { ...part, cost: tidy(part.cost) };
    });
  const total = totalOf(hourly);
  return {
    currency: prices.currency,
    hourly,
    hourlyTotal: tidy(total),
    monthlyTotal: tidy(total * HOURS_PER_MONTH),
    unpriced: hourly.filter((part) => !part.priced).map((part) => part.resource),
  };
}
