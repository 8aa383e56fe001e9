/**
 * A strict reader for the subset of Mermaid `stateDiagram-v2` the generator emits. Every line must match one of
 * these forms exactly, so anything new or malformed in the output fails the tests instead of GitHub's renderer.
 */
export interface MermaidDiagram {
  /** Composite state names, in order (empty for a single machine). */
  composites: string[];
  /** `from|to|label` with ids as written; `[*]` for start and end. */
  edges: string[];
  /** Display names declared with `state "name" as id`. */
  aliases: Map<string, string>;
}

const ID = '[a-z][a-z0-9_]*';
const LABEL = "[A-Za-z][A-Za-z ,()']*[A-Za-z)]";
const FORMS = {
  direction: /^ {4}direction (LR|TB)$/,
  composite: new RegExp(`^ {4}state (${ID}) \\{$`),
  close: /^ {4}\}$/,
  alias: new RegExp(`^ {8}state "([a-z]+)" as (${ID})$`),
  edge: new RegExp(`^( {4}| {8})(\\[\\*\\]|${ID}) --> (\\[\\*\\]|${ID})(?:: (${LABEL}))?$`),
};

export function readMermaid(text: string): MermaidDiagram {
  if (!text.endsWith('\n')) throw new Error('mermaid text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines[0] !== 'stateDiagram-v2') throw new Error(`line 1 must be 'stateDiagram-v2', got '${lines[0]}'`);
  const diagram: MermaidDiagram = { composites: [], edges: [], aliases: new Map() };
  let inside: string | null = null;
  lines.slice(1).forEach((line, index) => {
    const where = `line ${index + 2} '${line}'`;
    let match: RegExpExecArray | null;
    if (FORMS.direction.test(line)) {
      if (index !== 0) throw new Error(`${where}: direction must come first`);
    } else if ((match = FORMS.composite.exec(line))) {
      if (inside !== null) throw new Error(`${where}: nested composite`);
      inside = match[1] ?? '';
      diagram.composites.push(inside);
    } else if (FORMS.close.test(line)) {
      if (inside === null) throw new Error(`${where}: '}' without a composite`);
      inside = null;
    } else if ((match = FORMS.alias.exec(line))) {
      if (inside === null) throw new Error(`${where}: alias outside a composite`);
      diagram.aliases.set(match[2] ?? '', match[1] ?? '');
    } else if ((match = FORMS.edge.exec(line))) {
      const [, indent, from, to, label] = match;
      if ((indent === '        ') !== (inside !== null)) throw new Error(`${where}: wrong indentation`);
      if (from === '[*]' && to === '[*]') throw new Error(`${where}: start to end`);
      if ((from === '[*]' || to === '[*]') !== (label === undefined)) {
        throw new Error(`${where}: only start/end arrows go without a label`);
      }
      diagram.edges.push(`${from}|${to}|${label ?? ''}`);
    } else {
      throw new Error(`${where}: not a line the generator may emit`);
    }
  });
  if (inside !== null) throw new Error(`composite '${inside}' is never closed`);
  return diagram;
}
