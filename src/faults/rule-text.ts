/** One rule given as text at run time (the Faults service): YAML or JSON of one mapping, as a file's list item. */
import { isMap, LineCounter, parseDocument, type Node } from 'yaml';
import { InvalidArgumentError } from '../core/errors.js';
import { RuleProblem } from './rule-problem.js';
import { RuleReader } from './rule-reader.js';
import type { RuleSpec } from './rule-spec.js';

export function parseRuleText(text: string): RuleSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) throw new InvalidArgumentError('rule', `YAML: ${error.message.split('\n')[0] ?? ''}`);
  if (!isMap(doc.contents)) throw new InvalidArgumentError('rule', 'must be one rule: a mapping of its keys');
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? lines.linePos(node.range[0]).line : 1;
  try {
    return new RuleReader(lineOf, 'rule').read(doc.contents);
  } catch (err) {
    if (err instanceof RuleProblem) throw new InvalidArgumentError(err.field, err.detail);
    throw err;
  }
}
