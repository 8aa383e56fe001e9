/** `plan` as text (docs/planning.md): the pod asked for, the room per resource, the verdict and the cost. */
import type { PlanResponse } from '../generated/resourceslot/v1/planning.js';
import { bytesText, cpuText } from '../node/quantity-text.js';
import { CPU, isCount } from '../node/resource-names.js';
import { isBytes } from '../cost/units.js';
import { decimalText } from './decimal.js';

/** kubelet's units as people read them: millicores as cpu quantities, bytes in binary units, counts plainly. */
export function unitsText(resource: string, amount: number): string {
  if (resource === CPU) return cpuText(amount);
  return isBytes(resource) && !isCount(resource) ? bytesText(amount) : String(amount);
}

export const ROOM_HEADER = ['RESOURCE', 'ALLOCATABLE', 'ALLOCATED', 'PER POD', 'ROOM'];

export const roomRows = (plan: PlanResponse): string[][] =>
  plan.resources.map((r) => [
    r.resource,
    unitsText(r.resource, r.allocatable),
    unitsText(r.resource, r.allocated),
    unitsText(r.resource, r.perPod),
    r.room < 0 ? '-' : String(r.room),
  ]);

export function verdictLines(plan: PlanResponse, node: string): string[][] {
  const verdict = `${plan.fits ? 'yes' : 'no'}: room for ${plan.fit}, ${plan.replicas} asked`;
  return [
    ['Node:', node],
    ['Fits:', `${verdict}; ${plan.binding} binds first`],
    ...(plan.refusal === '' ? [] : [['Refused:', plan.refusal]]),
  ];
}

const UNIT_NAMES: Record<string, string> = {
  'core-hours': 'cores',
  'GiB-hours': 'GiB',
  'unit-hours': 'units',
};

export const COST_HEADER = ['RESOURCE', 'REQUESTED', 'UNIT', 'PRICE', 'COST/HOUR'];

export const costRows = (plan: PlanResponse): string[][] =>
  plan.hourly.map((part) => [
    part.resource,
    decimalText(part.requested),
    UNIT_NAMES[part.unit] ?? part.unit,
    part.priced ? decimalText(part.price) : 'unpriced',
    part.priced ? decimalText(part.cost) : '-',
  ]);

export function costLines(plan: PlanResponse, pricesSource: string): string[][] {
  const unpriced = plan.unpriced.length === 0 ? '' : `; unpriced: ${plan.unpriced.join(', ')}`;
  return [
    [
      'Cost:',
      `${plan.currency} ${decimalText(plan.hourlyTotal)} per hour, ${decimalText(plan.monthlyTotal)} per month (730 h), for ${plan.replicas} at their requests${unpriced}`,
    ],
    ['Prices:', pricesSource],
  ];
}
