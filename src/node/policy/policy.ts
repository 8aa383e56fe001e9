/** The --policy file as the daemon holds it (docs/node.md, "Policy"). */
import type { Nanos } from '../amounts.js';
import type { RuleRef } from './rule.js';

/** The two resources a LimitRange or a ResourceQuota here speaks of. */
export type PolicyResource = 'cpu' | 'memory';

/** A quantity of a policy: exact, and as written (the API server's messages print it so). */
export interface PolicyQuantity {
  nanos: Nanos;
  text: string;
}

export type PolicyList = Partial<Record<PolicyResource, PolicyQuantity>>;

/** One `type: Container` item of a LimitRange, with the API server's defaulting of the item already applied. */
export interface LimitRangeItem {
  rule: RuleRef;
  min: PolicyList;
  max: PolicyList;
  default: PolicyList;
  defaultRequest: PolicyList;
  maxLimitRequestRatio: PolicyList;
}

export interface LimitRange {
  namespace: string;
  name: string;
  items: LimitRangeItem[];
}

/** What a ResourceQuota's `hard` may name here (`cpu` and `memory` are its names for requests.cpu and requests.memory). */
export const QUOTA_RESOURCES = [
  'pods',
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];

export interface ResourceQuota {
  rule: RuleRef;
  namespace: string;
  name: string;
  hard: Partial<Record<QuotaResource, PolicyQuantity>>;
}

/** The Findings object: the memory-limit floor, and which findings refuse (under --admission enforce) or warn. */
export interface FindingRules {
  rule: RuleRef | null;
  memoryLimitFloorBytes: number;
  refuse: ReadonlySet<string>;
}

export interface Policy {
  file: string;
  limitRanges: LimitRange[];
  quotas: ResourceQuota[];
  findings: FindingRules;
}
