/** The Findings object of the --policy file: the memory-limit floor, and the findings that refuse. */
import { unitsOf } from '../amounts.js';
import { FINDING_IDS } from '../findings.js';
import type { FindingRules } from './policy.js';
import { readQuantity } from './policy-quantity.js';
import type { RuleRef } from './rule.js';
import { PolicyProblem, YamlReader, type Value } from './yaml-reader.js';

export function readFindings(
  reader: YamlReader,
  spec: Value,
  rule: RuleRef,
  floorDefault: number,
): FindingRules {
  const entries = reader.entries(spec, 'spec', ['memoryLimitFloor', 'refuse']);
  const floorNode = YamlReader.get(entries, 'memoryLimitFloor');
  const refuse = new Set<string>();
  reader.items(YamlReader.get(entries, 'refuse'), 'spec.refuse').forEach((node, i) => {
    const id = reader.string(node, `spec.refuse[${i}]`);
    if (!(FINDING_IDS as readonly string[]).includes(id))
      throw new PolicyProblem(
        reader.lineOf(node),
        `spec.refuse[${i}]`,
        `unknown finding ${JSON.stringify(id)} (known: ${FINDING_IDS.join(', ')})`,
      );
    refuse.add(id);
  });
  return {
    rule,
    memoryLimitFloorBytes:
      floorNode === null
        ? floorDefault
        : unitsOf(readQuantity(reader, floorNode, 'spec.memoryLimitFloor').nanos),
    refuse,
  };
}
