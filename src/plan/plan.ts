/** A plan's answer (docs/planning.md): whether `replicas` pods fit the node, how many would, and their cost. */
import type { Prices } from '../cost/prices.js';
import { planFit, type PlanNode, type RoomRow } from './fit.js';
import { planCost, type PlanCost } from './plan-cost.js';
import type { Requests } from './pod-requests.js';

export interface PlanAnswer extends PlanCost {
  resources: RoomRow[];
  replicas: number;
  fit: number;
  fits: boolean;
  binding: string;
  refusal: string;
}

export function planAnswer(requests: Requests, replicas: number, node: PlanNode, prices: Prices): PlanAnswer {
  const { rows, fit, binding, refusal } = planFit(requests, node, replicas);
  return {
    resources: rows,
    replicas,
    fit,
    fits: fit >= replicas,
    binding,
    refusal,
    ...planCost(requests, replicas, prices),
  };
}
