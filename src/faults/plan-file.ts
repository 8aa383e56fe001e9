/**
 * The `--faults <yaml>` file: a mapping with one key, `rules`, a list of rules (rule-reader.ts). The file is read
 * whole; one problem (YAML syntax, an unknown key, a bad value) refuses all of it with a FaultPlanFileError naming
 * the file, the line, the field and the problem.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { InvalidArgumentError } from '../core/errors.js';
import { RuleProblem } from './rule-problem.js';
import { RuleReader } from './rule-reader.js';
import type { RuleSpec } from './rule-spec.js';

export class FaultPlanFileError extends InvalidArgumentError {
  constructor(
    readonly file: string,
    readonly line: number,
    field: string,
    readonly detail: string,
  ) {
    super(field, detail);
    this.message = `${file}:${line}: ${field}: ${detail}`;
  }

  /** The text is not YAML: the file as a whole (the `--faults` flag) is at fault, no field of a rule. */
  static syntax(file: string, line: number, detail: string): FaultPlanFileError {
    const error = new FaultPlanFileError(file, line, 'faults', detail);
    error.message = `${file}:${line}: ${detail}`;
    return error;
  }
}

/** The rules of one file's text, in the order written; `file` names it in errors. */
export function parsePlanFile(text: string, file: string): RuleSpec[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? lines.linePos(node.range[0]).line : 1;
  const error = doc.errors[0];
  if (error)
    throw FaultPlanFileError.syntax(
      file,
      lines.linePos(error.pos[0]).line,
      `YAML: ${error.message.split('\n')[0] ?? ''}`,
    );
  const root = doc.contents;
  // An empty file (or only comments) has no rules.
  if (root === null || (isScalar(root) && root.value === null)) return [];
  try {
    return readRules(root, lineOf);
  } catch (err) {
    if (err instanceof RuleProblem) throw new FaultPlanFileError(file, err.line, err.field, err.detail);
    throw err;
  }
}

function readRules(root: Node, lineOf: (node: Node | null | undefined) => number): RuleSpec[] {
  if (!isMap(root))
    throw new RuleProblem(lineOf(root), 'rules', 'the file must be a mapping with one key, rules');
  let rules: Node | null = null;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? pair.key : null;
    if (key?.value !== 'rules')
      throw new RuleProblem(lineOf(key ?? root), String(key?.value ?? '?'), 'unknown field (known: rules)');
    rules = (pair.value ?? null) as Node | null;
  }
  if (rules === null || (isScalar(rules) && rules.value === null)) return [];
  if (!isSeq(rules)) throw new RuleProblem(lineOf(rules), 'rules', 'must be a list of rules');
  const names = new Set<string>();
  return rules.items.map((item, i) => {
    const spec = new RuleReader(lineOf, `rules[${i}]`).read(item as Node | null);
    if (spec.name !== null && names.has(spec.name))
      throw new RuleProblem(
        spec.line,
        `rules[${i}].name`,
        `${JSON.stringify(spec.name)} names another rule of the file`,
      );
    if (spec.name !== null) names.add(spec.name);
    return spec;
  });
}
