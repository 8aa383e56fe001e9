/**
 * A LimitRange's `type: Container` items applied to a container being created, as the API server's LimitRanger
 * (plugin/pkg/admission/limitranger) would have applied them to its pod: missing limits and requests are filled from
 * `default` and `defaultRequest` (recorded in the container's resources, sourced `policy:…`), then every item's
 * min, max and maxLimitRequestRatio are checked, with LimitRanger's words.
 */
import { withDefaults, type DefaultValue } from '../../resources/defaults.js';
import type { ResourceInfo } from '../../resources/types.js';
import { millisOf, nanosOfCores, nanosOfUnits, type Nanos } from '../amounts.js';
import { quantityText } from '../quantity-text.js';
import type { LimitRange, LimitRangeItem, PolicyQuantity, PolicyResource } from './policy.js';
import type { RuleRef } from './rule.js';

export interface Violation {
  rule: RuleRef;
  message: string;
}

type RequestOrLimit = 'cpu_request' | 'cpu_limit' | 'memory_request' | 'memory_limit';

const KEYS: Record<PolicyResource, { request: RequestOrLimit; limit: RequestOrLimit }> = {
  cpu: { request: 'cpu_request', limit: 'cpu_limit' },
  memory: { request: 'memory_request', limit: 'memory_limit' },
};
const RESOURCES: readonly PolicyResource[] = ['cpu', 'memory'];

const nanosOf = (resource: PolicyResource, value: number): Nanos =>
  resource === 'cpu' ? nanosOfCores(value) : nanosOfUnits(value);
const valueOf = (resource: PolicyResource, nanos: Nanos): number =>
  resource === 'cpu' ? Number(nanos) / 1e9 : Number(nanos / 1_000_000_000n);

/** A declared value (an explicit "no limit" declares none), in nanos. */
function declared(info: ResourceInfo, key: RequestOrLimit): Nanos | null {
  const value = info[key];
  return value === null ? null : nanosOf(key.startsWith('cpu') ? 'cpu' : 'memory', value);
}

const sourceOf = (rule: RuleRef, field: string): string =>
  `policy:${rule.kind} ${rule.namespace}/${rule.name} ${rule.item}.${field}`;

/** defaultContainerResourceRequirements: the Container items' defaults, a later item's winning. */
function defaultsOf(range: LimitRange, field: 'default' | 'defaultRequest') {
  const out: Partial<Record<PolicyResource, { quantity: PolicyQuantity; rule: RuleRef }>> = {};
  for (const item of range.items)
    for (const resource of RESOURCES) {
      const quantity = item[field][resource];
      if (quantity) out[resource] = { quantity, rule: item.rule };
    }
  return out;
}

/**
 * mergeContainerResources, after the API server's own defaulting (a container with a limit and no request has
 * its request set to the limit, so defaultRequest never applies to it). A default limit below a declared request
 * would fail the pod's validation: it is a violation, and not applied.
 */
function fillDefaults(
  range: LimitRange,
  info: ResourceInfo,
): { info: ResourceInfo; violations: Violation[] } {
  const limits = defaultsOf(range, 'default');
  const requests = defaultsOf(range, 'defaultRequest');
  const fill: DefaultValue[] = [];
  const violations: Violation[] = [];
  for (const resource of RESOURCES) {
    const keys = KEYS[resource];
    const hasLimit = info.sources[keys.limit] !== undefined;
    const hasRequest = info.sources[keys.request] !== undefined;
    const limit = limits[resource];
    if (!hasLimit && limit) {
      const request = declared(info, keys.request);
      if (request !== null && request > limit.quantity.nanos) {
        violations.push({
          rule: limit.rule,
          message: `${resource} request ${quantityText(resource, request)} must be less than or equal to the default ${resource} limit of ${limit.quantity.text}`,
        });
        continue;
      }
      const value = valueOf(resource, limit.quantity.nanos);
      fill.push({ key: keys.limit, value, source: sourceOf(limit.rule, 'default') });
    }
    const request = requests[resource];
    if (!hasRequest && !hasLimit && request) {
      const value = valueOf(resource, request.quantity.nanos);
      fill.push({ key: keys.request, value, source: sourceOf(request.rule, 'defaultRequest') });
    }
  }
  return { info: fill.length === 0 ? info : withDefaults(info, fill), violations };
}

/** requestLimitEnforcedValues: compared at milli precision. */
const milli = (nanos: Nanos): number => millisOf(nanos);

function checkItem(item: LimitRangeItem, info: ResourceInfo): Violation[] {
  const messages: string[] = [];
  for (const resource of RESOURCES) {
    const keys = KEYS[resource];
    const limit = declared(info, keys.limit);
    // The API server has set a missing request to the limit before LimitRanger looks.
    const request = declared(info, keys.request) ?? limit;
    const text = (nanos: Nanos) => quantityText(resource, nanos);
    const min = item.min[resource];
    if (min) {
      const head = `minimum ${resource} usage per Container is ${min.text}`;
      if (request === null) messages.push(`${head}.  No request is specified`);
      else if (milli(request) < milli(min.nanos)) messages.push(`${head}, but request is ${text(request)}`);
      else if (limit !== null && milli(limit) < milli(min.nanos))
        messages.push(`${head}, but limit is ${text(limit)}`);
    }
    const max = item.max[resource];
    if (max) {
      const head = `maximum ${resource} usage per Container is ${max.text}`;
      if (limit === null) messages.push(`${head}.  No limit is specified`);
      else if (milli(limit) > milli(max.nanos)) messages.push(`${head}, but limit is ${text(limit)}`);
      else if (request !== null && milli(request) > milli(max.nanos))
        messages.push(`${head}, but request is ${text(request)}`);
    }
    const ratio = item.maxLimitRequestRatio[resource];
    if (ratio) {
      const head = `${resource} max limit to request ratio per Container is ${ratio.text}`;
      if (request === null || milli(request) === 0)
        messages.push(`${head}, but no request is specified or request is 0`);
      else if (limit === null || milli(limit) === 0)
        messages.push(`${head}, but no limit is specified or limit is 0`);
      else {
        const observed = milli(limit) / milli(request);
        if (observed * 1000 > milli(ratio.nanos))
          messages.push(`${head}, but provided ratio is ${observed.toFixed(6)}`);
      }
    }
  }
  return messages.map((message) => ({ rule: item.rule, message }));
}

/** The namespace's LimitRanges, in file order, each filling defaults and then checking its items. */
export function applyLimitRanges(
  ranges: readonly LimitRange[],
  container: ResourceInfo,
): { resources: ResourceInfo; violations: Violation[] } {
  let info = container;
  const violations: Violation[] = [];
  for (const range of ranges) {
    const filled = fillDefaults(range, info);
    info = filled.info;
    violations.push(...filled.violations, ...range.items.flatMap((item) => checkItem(item, info)));
  }
  return { resources: info, violations };
}
