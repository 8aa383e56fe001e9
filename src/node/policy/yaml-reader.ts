/** Typed reads of YAML nodes that know their line, for the --policy file's file:line messages. */
import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/** A problem at a line, with the dotted field it concerns. */
export class PolicyProblem extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

export type Value = Node | null;

export class YamlReader {
  constructor(private readonly lines: LineCounter) {}

  lineOf(node: Value, fallback = 1): number {
    return node?.range ? this.lines.linePos(node.range[0]).line : fallback;
  }

  isEmpty(node: Value): boolean {
    return node === null || (isScalar(node) && node.value === null);
  }

  /** A mapping's entries, each with its key's line; refuses keys outside `known`. */
  entries(
    node: Value,
    field: string,
    known?: readonly string[],
  ): Array<[key: string, value: Value, line: number]> {
    if (this.isEmpty(node)) return [];
    if (!isMap(node)) throw new PolicyProblem(this.lineOf(node), field, 'must be a mapping');
    return node.items.map((pair) => {
      const keyNode = (pair.key ?? null) as Value;
      const line = this.lineOf(keyNode, this.lineOf(node));
      const key = isScalar(keyNode) ? String(keyNode.value) : null;
      if (key === null) throw new PolicyProblem(line, field, 'keys must be plain strings');
      if (known && !known.includes(key))
        throw new PolicyProblem(line, `${field}.${key}`, `unknown field (known: ${known.join(', ')})`);
      return [key, (pair.value ?? null) as Value, line];
    });
  }

  /** The value of `key` in a mapping read with `entries`, or null. */
  static get(entries: ReadonlyArray<[string, Value, number]>, key: string): Value {
    return entries.find(([name]) => name === key)?.[1] ?? null;
  }

  string(node: Value, field: string): string {
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number'))
      throw new PolicyProblem(this.lineOf(node), field, 'must be a string');
    return String(node.value);
  }

  items(node: Value, field: string): Value[] {
    if (this.isEmpty(node)) return [];
    if (!isSeq(node)) throw new PolicyProblem(this.lineOf(node), field, 'must be a list');
    return node.items.map((item) => (item ?? null) as Value);
  }
}
