/**
 * A node-admission decision: the pod was let in with no reason to refuse it, let in although `reason` would refuse
 * it (--admission warn), or refused for `reason` (--admission enforce).
 */
export type AdmissionDecision = 'admitted' | 'warned' | 'rejected';

/**
 * Node-admission decisions (does the pod fit the node?), counted for `resource_slot_admission_decisions_total`.
 * Kept whether or not metrics are served, so the admission code can record without asking; a decision costs one
 * Map update. `reason` comes from a small fixed set, since each distinct one is a series: kubelet's reasons
 * (`OutOfcpu`, `OutOfmemory`, `OutOfpods`) and the policy's (docs/node.md); `''` for a plain admission.
 */
export class AdmissionDecisions {
  private readonly counts = new Map<string, { decision: AdmissionDecision; reason: string; count: number }>();

  record(decision: AdmissionDecision, reason: string): void {
    const key = `${decision} ${reason}`;
    const found = this.counts.get(key);
    if (found) found.count++;
    else this.counts.set(key, { decision, reason, count: 1 });
  }

  /** Every decision and reason recorded so far, with how often. */
  entries(): Array<{ decision: AdmissionDecision; reason: string; count: number }> {
    return [...this.counts.values()].map((entry) => ({ ...entry }));
  }
}
