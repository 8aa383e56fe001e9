/**
 * A LimitRange object of the --policy file: its `type: Container` items, defaulted as the API server defaults them
 * (SetDefaults_LimitRangeItem: default from max, defaultRequest from default, then from min) and then checked as its
 * validation checks them (min ≤ defaultRequest ≤ default ≤ max, maxLimitRequestRatio ≥ 1).
 */
import { millisOf } from '../amounts.js';
import type { LimitRange, LimitRangeItem, PolicyList, PolicyResource } from './policy.js';
import { readList } from './policy-quantity.js';
import type { RuleRef } from './rule.js';
import { PolicyProblem, YamlReader, type Value } from './yaml-reader.js';

const RESOURCES: readonly PolicyResource[] = ['cpu', 'memory'];
const LISTS = ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;
const WHY = 'ResourceSlot checks cpu and memory only';

function fillFrom(to: PolicyList, from: PolicyList): void {
  for (const resource of RESOURCES) {
    const value = from[resource];
    if (value && !to[resource]) to[resource] = value;
  }
}

/** `lower` ≤ `upper` for each resource both name, or the problem in the API server's words. */
function ordered(
  item: LimitRangeItem,
  lower: (typeof LISTS)[number],
  upper: (typeof LISTS)[number],
  line: number,
  field: string,
): void {
  for (const resource of RESOURCES) {
    const low = item[lower][resource];
    const high = item[upper][resource];
    if (low && high && millisOf(low.nanos) > millisOf(high.nanos))
      throw new PolicyProblem(
        line,
        `${field}.${lower}.${resource}`,
        `${lower} value ${low.text} is greater than ${upper} value ${high.text}`,
      );
  }
}

function readItem(reader: YamlReader, node: Value, field: string, rule: RuleRef): LimitRangeItem {
  const entries = reader.entries(node, field, ['type', ...LISTS]);
  const typeNode = YamlReader.get(entries, 'type');
  if (typeNode === null) throw new PolicyProblem(rule.line, `${field}.type`, 'is required (Container)');
  const type = reader.string(typeNode, `${field}.type`);
  if (type !== 'Container')
    throw new PolicyProblem(
      reader.lineOf(typeNode),
      `${field}.type`,
      `${type} is not supported: ResourceSlot sees a pod's containers one task Create at a time (only Container)`,
    );
  const list = (name: (typeof LISTS)[number]) =>
    readList(reader, YamlReader.get(entries, name), `${field}.${name}`, RESOURCES, WHY);
  const item: LimitRangeItem = {
    rule,
    min: list('min'),
    max: list('max'),
    default: list('default'),
    defaultRequest: list('defaultRequest'),
    maxLimitRequestRatio: list('maxLimitRequestRatio'),
  };
  fillFrom(item.default, item.max);
  fillFrom(item.defaultRequest, item.default);
  fillFrom(item.defaultRequest, item.min);
  ordered(item, 'min', 'max', rule.line, field);
  ordered(item, 'min', 'defaultRequest', rule.line, field);
  ordered(item, 'defaultRequest', 'default', rule.line, field);
  ordered(item, 'default', 'max', rule.line, field);
  for (const resource of RESOURCES) {
    const ratio = item.maxLimitRequestRatio[resource];
    if (ratio && millisOf(ratio.nanos) < 1000)
      throw new PolicyProblem(
        rule.line,
        `${field}.maxLimitRequestRatio.${resource}`,
        `ratio ${ratio.text} is less than 1`,
      );
  }
  return item;
}

export function readLimitRange(
  reader: YamlReader,
  spec: Value,
  object: Omit<RuleRef, 'item' | 'line'>,
): LimitRange {
  const entries = reader.entries(spec, 'spec', ['limits']);
  const items = reader.items(YamlReader.get(entries, 'limits'), 'spec.limits').map((node, i) => {
    const item = `limits[${i}]`;
    return readItem(reader, node, `spec.${item}`, { ...object, item, line: reader.lineOf(node) });
  });
  return { namespace: object.namespace, name: object.name, items };
}
