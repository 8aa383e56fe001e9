/**
 * Admission as a node would do it (docs/node.md): a sandbox Create or a task Create is checked before anything of it
 * exists, against the namespace's LimitRanges and ResourceQuotas, the findings the policy refuses, and kubelet's
 * resource fit on allocatable, in that order (the API server's admission comes before the node's). With
 * --admission warn each reason is logged and counted and the create goes on; with enforce the first one refuses it.
 */
import type { Logger } from 'pino';
import type { ResourceInfo } from '../resources/types.js';
import { emptyAllocation, type Allocation } from './allocation.js';
import type { AdmissionMode } from './admission-mode.js';
import {
  capacityDecision,
  findingDecision,
  limitRangeDecision,
  quotaDecision,
  refusalOf,
  type Decision,
} from './decision.js';
import { findingKey, podFindings, type Finding } from './findings.js';
import { firstInsufficient, type Ask } from './fit.js';
import type { AllocationLedger } from './ledger.js';
import type { LiveContainer, LivePod } from './live-pod.js';
import { allowanceOf, type NodeSpec } from './node-spec.js';
import { podShare, type PodShare } from './pod-share.js';
import { AdmissionDecisions } from './admission-decisions.js';
import { applyLimitRanges } from './policy/limit-range.js';
import type { Policy } from './policy/policy.js';
import { quotaViolations } from './policy/resource-quota.js';

export interface AdmissionCounts {
  /** Creates that met no reason to refuse them. */
  admitted: number;
  /** Creates admitted although a reason was found (--admission warn). */
  warned: number;
  /** Creates refused (--admission enforce). */
  refused: number;
  /** Every reason found, by name (OutOfcpu, ExceededQuota, …). */
  reasons: Record<string, number>;
}

export interface NodeAdmissionOptions {
  mode: AdmissionMode;
  spec: NodeSpec;
  policy: Policy;
  ledger: AllocationLedger;
  log: Pick<Logger, 'warn'>;
}

/** What a create adds: its share's increase (a decrease adds nothing), and one pod for a new sandbox. */
function increase(before: PodShare | null, after: PodShare, pods: 0 | 1): Allocation {
  const grow = (now: number | null, was: number | null | undefined) => Math.max(0, (now ?? 0) - (was ?? 0));
  const total = emptyAllocation();
  total.pods = pods;
  total.requests.cpu = grow(after.requests.cpu, before?.requests.cpu);
  total.requests.memory = grow(after.requests.memory, before?.requests.memory);
  total.limits.cpu = grow(after.limits.cpu, before?.limits.cpu);
  total.limits.memory = grow(after.limits.memory, before?.limits.memory);
  return total;
}

const askOf = (added: Allocation): Ask => ({
  pods: added.pods > 0 ? 1 : 0,
  cpu: added.requests.cpu,
  memory: added.requests.memory,
});

export class NodeAdmission {
  private readonly tally: AdmissionCounts = { admitted: 0, warned: 0, refused: 0, reasons: {} };

  /** Each decision by its first reason, for `resource_slot_admission_decisions_total` (docs/metrics.md). */
  readonly decisions = new AdmissionDecisions();

  constructor(private readonly options: NodeAdmissionOptions) {}

  get mode(): AdmissionMode {
    return this.options.mode;
  }

  get spec(): NodeSpec {
    return this.options.spec;
  }

  get policy(): Policy {
    return this.options.policy;
  }

  /** What admission has decided so far. */
  counts(): AdmissionCounts {
    return { ...this.tally, reasons: { ...this.tally.reasons } };
  }

  /** A new sandbox (`pod` as its Create describes it): throws the refusal under enforce. */
  admitSandbox(pod: LivePod): void {
    if (this.mode === 'off') return;
    const added = increase(null, podShare(pod.resources, []), 1);
    const decisions = [
      ...this.quota(pod.namespace, added),
      ...this.refusingFindings(podFindings(pod, this.floor), new Set()),
      ...this.fit(added),
    ];
    this.decide(decisions, { sandboxId: pod.sandboxId, namespace: pod.namespace, pod: pod.name });
  }

  /**
   * A new container of `pod` (as its actors are now): answers the container's resources with its namespace's
   * LimitRange defaults filled in, or throws the refusal under enforce.
   */
  admitTask(pod: LivePod, container: LiveContainer): ResourceInfo {
    if (this.mode === 'off') return container.resources;
    const { policy, ledger } = this.options;
    const ranges = policy.limitRanges.filter((range) => range.namespace === pod.namespace);
    const limited = applyLimitRanges(ranges, container.resources);
    const grown: LivePod = {
      ...pod,
      containers: [...pod.containers, { ...container, resources: limited.resources }],
    };
    const before = ledger.shareOf(pod.sandboxId);
    const after = podShare(
      grown.resources,
      grown.containers.map((each) => each.resources),
    );
    const added = increase(before, after, 0);
    const known = new Set(podFindings(pod, this.floor).map(findingKey));
    const decisions = [
      ...limited.violations.map(limitRangeDecision),
      ...this.quota(pod.namespace, added),
      ...this.refusingFindings(podFindings(grown, this.floor), known),
      ...this.fit(added),
    ];
    this.decide(decisions, {
      sandboxId: pod.sandboxId,
      containerId: container.id,
      namespace: pod.namespace,
      pod: pod.name,
    });
    return limited.resources;
  }

  private get floor(): number {
    return this.options.policy.findings.memoryLimitFloorBytes;
  }

  private quota(namespace: string, added: Allocation): Decision[] {
    const { policy, ledger } = this.options;
    const quotas = policy.quotas.filter((quota) => quota.namespace === namespace);
    if (quotas.length === 0) return [];
    return quotaViolations(quotas, added, ledger.namespaceTotal(namespace)).map(quotaDecision);
  }

  private refusingFindings(findings: readonly Finding[], known: ReadonlySet<string>): Decision[] {
    const { rule, refuse } = this.options.policy.findings;
    if (rule === null) return [];
    return findings
      .filter((finding) => refuse.has(finding.id) && !known.has(findingKey(finding)))
      .map((finding) => findingDecision(finding, rule));
  }

  private fit(added: Allocation): Decision[] {
    const insufficient = firstInsufficient(
      askOf(added),
      this.options.ledger.nodeTotal(),
      allowanceOf(this.options.spec),
    );
    return insufficient ? [capacityDecision(insufficient)] : [];
  }

  private decide(decisions: Decision[], subject: Record<string, string>): void {
    if (decisions.length === 0) {
      this.tally.admitted++;
      this.decisions.record('admitted', '');
      return;
    }
    for (const { reason } of decisions) this.tally.reasons[reason] = (this.tally.reasons[reason] ?? 0) + 1;
    const { log } = this.options;
    if (this.mode === 'enforce') {
      this.tally.refused++;
      const [first] = decisions as [Decision, ...Decision[]];
      this.decisions.record('rejected', first.reason);
      log.warn(
        { ...subject, reason: first.reason, rule: first.rule, admission: 'enforce' },
        `Refused: ${first.message}`,
      );
      throw refusalOf(first);
    }
    this.tally.warned++;
    this.decisions.record('warned', (decisions[0] as Decision).reason);
    for (const { reason, rule, message } of decisions)
      log.warn(
        { ...subject, reason, rule, admission: 'warn' },
        `Admitted, though it would be refused: ${message}`,
      );
  }
}
