/**
 * The running totals admission compares against, kept per pod and per namespace so a Create costs the same at 10
 * pods and at 100k: the supervisor's actor store reports every sandbox whose actors changed (a transition, a spawn,
 * a restore, a drop), and the ledger reads those pods again only when a total is next asked for.
 */
import { addShare, emptyAllocation, type Allocation } from './allocation.js';
import type { LivePod } from './live-pod.js';
import { podShare, type PodShare } from './pod-share.js';

/** One flat object per holding pod (the nested PodShare is three): the ledger has one per pod, at 100k pods. */
interface Held {
  namespace: string;
  cpu: number;
  memory: number;
  cpuLimit: number | null;
  memoryLimit: number | null;
}

const heldShare = (namespace: string, { requests, limits }: PodShare): Held => ({
  namespace,
  cpu: requests.cpu,
  memory: requests.memory,
  cpuLimit: limits.cpu,
  memoryLimit: limits.memory,
});

const shareOf = (pod: Held): PodShare => ({
  requests: { cpu: pod.cpu, memory: pod.memory },
  limits: { cpu: pod.cpuLimit, memory: pod.memoryLimit },
});

export class AllocationLedger {
  private readonly held = new Map<string, Held>();
  private readonly changed = new Set<string>();
  private readonly node = emptyAllocation();
  private readonly namespaces = new Map<string, Allocation>();

  constructor(
    /** The pod as its actors are now; null when it is gone. */
    private readonly read: (sandboxId: string) => LivePod | null,
  ) {}

  /** The sandbox or one of its containers changed: its share is read again before the next answer. */
  podChanged(sandboxId: string): void {
    this.changed.add(sandboxId);
  }

  /** What the holding pods have allocated on the node. */
  nodeTotal(): Allocation {
    this.settle();
    return this.node;
  }

  /** What the holding pods of one namespace have allocated (quotas are per namespace). */
  namespaceTotal(namespace: string): Allocation {
    this.settle();
    return this.namespaces.get(namespace) ?? emptyAllocation();
  }

  /** The pod's share as counted now; null when it holds nothing. */
  shareOf(sandboxId: string): PodShare | null {
    this.settle();
    const pod = this.held.get(sandboxId);
    return pod ? shareOf(pod) : null;
  }

  private settle(): void {
    for (const sandboxId of this.changed) {
      const before = this.held.get(sandboxId);
      if (before) this.apply(before, -1);
      this.held.delete(sandboxId);
      const pod = this.read(sandboxId);
      if (!pod?.holding) continue;
      const share = podShare(
        pod.resources,
        pod.containers.map((container) => container.resources),
      );
      const now = heldShare(pod.namespace, share);
      this.held.set(sandboxId, now);
      this.apply(now, 1);
    }
    this.changed.clear();
  }

  private apply(pod: Held, sign: 1 | -1): void {
    const { namespace } = pod;
    const share = shareOf(pod);
    addShare(this.node, share, sign);
    let total = this.namespaces.get(namespace);
    if (!total) this.namespaces.set(namespace, (total = emptyAllocation()));
    addShare(total, share, sign);
    if (total.pods === 0) this.namespaces.delete(namespace);
  }
}
