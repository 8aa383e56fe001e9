/**
 * kubelet's resource admission (pkg/kubelet/lifecycle/predicate.go over the scheduler's fitsRequest): pods first,
 * then cpu and memory; a resource is checked only when the pod requests some of it, and fails when the request is
 * above what allocatable leaves after the pods already admitted. Kubelet reports the first failure only.
 */
import type { Allocation } from './allocation.js';

export interface Insufficient {
  /** pods, cpu, memory here; a plan (src/plan/) also words extended resources the same way. */
  resource: string;
  /** The units kubelet prints: a count, millicores, bytes. */
  requested: number;
  used: number;
  capacity: number;
}

/** What the node can give: allocatable in kubelet's units. */
export interface Allowance {
  pods: number;
  cpu: number;
  memory: number;
}

/** What is asked: a new pod asks for one pod more; a container of an admitted pod for its share's increase. */
export interface Ask {
  pods: 0 | 1;
  cpu: number;
  memory: number;
}

export function firstInsufficient(ask: Ask, used: Allocation, allocatable: Allowance): Insufficient | null {
  if (ask.pods > 0 && used.pods + ask.pods > allocatable.pods)
    return { resource: 'pods', requested: 1, used: used.pods, capacity: allocatable.pods };
  if (ask.cpu > 0 && ask.cpu > allocatable.cpu - used.requests.cpu)
    return { resource: 'cpu', requested: ask.cpu, used: used.requests.cpu, capacity: allocatable.cpu };
  if (ask.memory > 0 && ask.memory > allocatable.memory - used.requests.memory)
    return {
      resource: 'memory',
      requested: ask.memory,
      used: used.requests.memory,
      capacity: allocatable.memory,
    };
  return null;
}

/** The pod status reason kubelet sets: OutOfcpu, OutOfmemory, OutOfpods. */
export const reasonOf = ({ resource }: Insufficient): string => `OutOf${resource}`;

/** InsufficientResourceError.Error(), word for word. */
export const kubeletMessage = ({ resource, requested, used, capacity }: Insufficient): string =>
  `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`;
