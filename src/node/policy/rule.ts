import path from 'node:path';

/** Where a policy decision comes from: one object of the --policy file (and one item of it), with its line. */
export interface RuleRef {
  kind: 'LimitRange' | 'ResourceQuota' | 'Findings';
  /** '' for the cluster-wide Findings object. */
  namespace: string;
  name: string;
  /** The item within the object, e.g. "limits[0]"; '' for the whole object. */
  item: string;
  file: string;
  line: number;
}

/** "LimitRange shop/limits limits[0] (policy.yaml:7)": what the error and the log name. */
export function describeRule(rule: RuleRef): string {
  const object = rule.namespace === '' ? rule.name : `${rule.namespace}/${rule.name}`;
  const item = rule.item === '' ? '' : ` ${rule.item}`;
  return `${rule.kind} ${object}${item} (${path.basename(rule.file)}:${rule.line})`;
}
