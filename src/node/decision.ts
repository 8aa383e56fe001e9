/** One reason a create would not be admitted: kubelet's, a policy rule's, or a finding's. */
import { FailedPreconditionError, ResourceExhaustedError, type SandboxerError } from '../core/errors.js';
import type { Finding } from './findings.js';
import { kubeletMessage, reasonOf, type Insufficient } from './fit.js';
import type { Violation } from './policy/limit-range.js';
import { describeRule, type RuleRef } from './policy/rule.js';

export interface Decision {
  /** OutOfcpu, OutOfmemory, OutOfpods (kubelet's pod status reasons), ExceededQuota, LimitRange or Finding. */
  reason: string;
  /** What the refusal says; policy decisions end with the rule, "[LimitRange shop/limits limits[0] (policy.yaml:7)]". */
  message: string;
  /** The rule that decided: "node allocatable", or the policy rule described. */
  rule: string;
  /** A node or a namespace out of room is RESOURCE_EXHAUSTED; a rule the create breaks, FAILED_PRECONDITION. */
  exhausted: boolean;
}

export const capacityDecision = (insufficient: Insufficient): Decision => ({
  reason: reasonOf(insufficient),
  message: `${reasonOf(insufficient)}: ${kubeletMessage(insufficient)}`,
  rule: 'node allocatable',
  exhausted: true,
});

const ruled = (reason: string, message: string, rule: RuleRef, exhausted: boolean): Decision => ({
  reason,
  message: `${message} [${describeRule(rule)}]`,
  rule: describeRule(rule),
  exhausted,
});

export const quotaDecision = ({ rule, message }: Violation): Decision =>
  ruled('ExceededQuota', message, rule, true);

export const limitRangeDecision = ({ rule, message }: Violation): Decision =>
  ruled('LimitRange', message, rule, false);

export function findingDecision(finding: Finding, rule: RuleRef): Decision {
  const subject =
    finding.containerId === '' ? 'pod' : `container ${finding.containerName || finding.containerId}`;
  return ruled('Finding', `${finding.id}: ${subject}: ${finding.message}`, rule, false);
}

export function refusalOf(decision: Decision): SandboxerError {
  return decision.exhausted
    ? new ResourceExhaustedError(decision.message)
    : new FailedPreconditionError(decision.message);
}
