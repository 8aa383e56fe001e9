/**
 * ResourceQuota's admission check (the API server's quota evaluator, checkRequest): what a create adds, masked to
 * what a quota's `hard` names, must keep each named total within it; the message names only the exceeded ones,
 * sorted, in the evaluator's words.
 */
import type { Allocation } from '../allocation.js';
import { millisOf, unitsOf } from '../amounts.js';
import { bytesText, cpuText } from '../quantity-text.js';
import type { Violation } from './limit-range.js';
import { QUOTA_RESOURCES, type QuotaResource, type ResourceQuota } from './policy.js';

type Usage = Record<QuotaResource, number>;

/** The quota's view of an allocation (or of what a create adds): `cpu` and `memory` are requests. */
export function quotaUsage(allocation: Allocation): Usage {
  const { pods, requests, limits } = allocation;
  return {
    pods,
    cpu: requests.cpu,
    memory: requests.memory,
    'requests.cpu': requests.cpu,
    'requests.memory': requests.memory,
    'limits.cpu': limits.cpu,
    'limits.memory': limits.memory,
  };
}

const isCpu = (name: QuotaResource): boolean => name.endsWith('cpu');
const isMemory = (name: QuotaResource): boolean => name.endsWith('memory');

function text(name: QuotaResource, value: number): string {
  if (isCpu(name)) return cpuText(value);
  return isMemory(name) ? bytesText(value) : String(value);
}

/** A hard limit in the usage's units: millicores, bytes, pods. */
function hardValue(quota: ResourceQuota, name: QuotaResource): number | null {
  const hard = quota.hard[name];
  if (!hard) return null;
  return isCpu(name) ? millisOf(hard.nanos) : unitsOf(hard.nanos);
}

const list = (names: readonly QuotaResource[], value: (name: QuotaResource) => string): string =>
  [...names]
    .sort()
    .map((name) => `${name}=${value(name)}`)
    .join(',');

export function quotaViolations(
  quotas: readonly ResourceQuota[],
  delta: Allocation,
  used: Allocation,
): Violation[] {
  const asked = quotaUsage(delta);
  const now = quotaUsage(used);
  const violations: Violation[] = [];
  for (const quota of quotas) {
    const exceeded = QUOTA_RESOURCES.filter((name) => {
      const hard = hardValue(quota, name);
      return hard !== null && asked[name] > 0 && now[name] + asked[name] > hard;
    });
    if (exceeded.length === 0) continue;
    violations.push({
      rule: quota.rule,
      message:
        `exceeded quota: ${quota.name}, requested: ${list(exceeded, (name) => text(name, asked[name]))}, ` +
        `used: ${list(exceeded, (name) => text(name, now[name]))}, ` +
        `limited: ${list(exceeded, (name) => quota.hard[name]?.text ?? '')}`,
    });
  }
  return violations;
}
