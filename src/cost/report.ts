/** A cost's answer: per container, pod, namespace and node, idle and allocatable apart (docs/planning.md). */
import type { ResourceCharge } from './charge.js';
import type { Span } from './input.js';

export interface GroupCost {
  name: string;
  resources: ResourceCharge[];
  /** The priced resources' costs added up. */
  total: number;
}

export interface ContainerCost extends GroupCost {
  id: string;
  span: Span;
  hours: number;
}

export interface PodCost extends GroupCost {
  sandboxId: string;
  namespace: string;
  span: Span;
  hours: number;
  containers: ContainerCost[];
}

export interface CostReport {
  currency: string;
  window: Span;
  hours: number;
  pods: PodCost[];
  namespaces: GroupCost[];
  /** The pods' costs added up. */
  allocated: GroupCost;
  /** allocatable × hours − what the pods requested, per resource, never below 0. */
  idle: GroupCost;
  /** allocatable × hours. */
  allocatable: GroupCost;
  /** What pods hold or use that the prices leave out, sorted. */
  unpriced: string[];
  notes: string[];
}
