/** A ResourceQuota object of the --policy file: `spec.hard` over the names ResourceSlot can count. */
import { QUOTA_RESOURCES, type ResourceQuota } from './policy.js';
import { readList } from './policy-quantity.js';
import type { RuleRef } from './rule.js';
import { PolicyProblem, YamlReader, type Value } from './yaml-reader.js';

export function readResourceQuota(reader: YamlReader, spec: Value, rule: RuleRef): ResourceQuota {
  const entries = reader.entries(spec, 'spec', ['hard']);
  const hardNode = YamlReader.get(entries, 'hard');
  const hard = readList(reader, hardNode, 'spec.hard', QUOTA_RESOURCES, 'ResourceSlot counts these only');
  const pods = hard.pods;
  if (pods && pods.nanos % 1_000_000_000n !== 0n)
    throw new PolicyProblem(
      reader.lineOf(hardNode),
      'spec.hard.pods',
      `must be a whole number, got ${pods.text}`,
    );
  return { rule, namespace: rule.namespace, name: rule.name, hard };
}
