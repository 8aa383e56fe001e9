/**
 * The `--faults <plan.yaml>` file of the runner: the daemon's format (docs/faults.md), a mapping with one key,
 * `rules`, a list. The runner does not judge the rules themselves: each item goes to the sandboxer's AddRule as
 * it is, and the sandboxer says what is wrong with it. Here only the shape is checked, so a message can name the
 * line of the rule the sandboxer refused.
 */
import fs from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** One item of `rules`, as AddRule takes it. */
export interface PlanRule {
  /** `plan.yaml:7: rules[2]`: where the rule is written, for messages. */
  where: string;
  /** The item re-encoded as JSON (AddRule takes YAML or JSON). */
  text: string;
}

/** The plan file cannot be read or is not a list of rules; the message names the file and line. */
export class FaultPlanFileError extends Error {}

export function loadPlanFile(file: string): PlanRule[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new FaultPlanFileError(`cannot read the fault plan ${file}: ${(error as Error).message}`);
  }
  return parsePlanRules(text, file);
}

export function parsePlanRules(text: string, file: string): PlanRule[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? lines.linePos(node.range[0]).line : 1;
  const problem = (node: Node | null | undefined, detail: string): FaultPlanFileError =>
    new FaultPlanFileError(`${file}:${lineOf(node)}: ${detail}`);
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lines.linePos(syntax.pos[0]).line;
    throw new FaultPlanFileError(`${file}:${line}: YAML: ${syntax.message.split('\n')[0] ?? ''}`);
  }
  const root = doc.contents;
  if (!isMap(root)) throw problem(root, 'a fault plan is a mapping with one key, rules');
  const keys = root.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '?'));
  const unknown = keys.find((key) => key !== 'rules');
  if (unknown !== undefined) throw problem(root, `unknown key ${JSON.stringify(unknown)} (known: rules)`);
  const rules = root.get('rules', true) as Node | undefined;
  if (!isSeq(rules) || rules.items.length === 0) {
    throw problem(rules ?? root, 'rules must be a list of at least one rule');
  }
  return rules.items.map((item, index) => {
    const node = item as Node;
    if (!isMap(node)) throw problem(node, `rules[${index}]: a rule is a mapping`);
    return { where: `${file}:${lineOf(node)}: rules[${index}]`, text: JSON.stringify(node.toJSON()) };
  });
}
