/** Sums of pod shares: what the pods holding resources have allocated, for the node or for one namespace. */
import type { PodShare } from './pod-share.js';

export interface Allocation {
  pods: number;
  /** millicores and bytes */
  requests: { cpu: number; memory: number };
  /** The declared limits added up (a pod without a limit adds nothing), as `kubectl describe node` sums them. */
  limits: { cpu: number; memory: number };
}

export const emptyAllocation = (): Allocation => ({
  pods: 0,
  requests: { cpu: 0, memory: 0 },
  limits: { cpu: 0, memory: 0 },
});

/** Adds (sign 1) or takes away (sign -1) one pod's share, in place. */
export function addShare(total: Allocation, share: PodShare, sign: 1 | -1, pods: 0 | 1 = 1): void {
  total.pods += sign * pods;
  total.requests.cpu += sign * share.requests.cpu;
  total.requests.memory += sign * share.requests.memory;
  total.limits.cpu += sign * (share.limits.cpu ?? 0);
  total.limits.memory += sign * (share.limits.memory ?? 0);
}

export function sumShares(shares: Iterable<PodShare>): Allocation {
  const total = emptyAllocation();
  for (const share of shares) addShare(total, share, 1);
  return total;
}
