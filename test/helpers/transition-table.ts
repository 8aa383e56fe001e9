import fs from 'node:fs';

export interface TransitionCell<S extends string> {
  state: S;
  method: string;
  /** The resulting state, `rejected`, or `<state> (via <state>)`. */
  expected: string;
}

/**
 * Reads a markdown transition table from docs/ (rows: states, columns: calls). With `heading`, the first table
 * after that line is read; otherwise the first table in the file.
 */
export function readTransitionTable<S extends string>(
  docName: string,
  heading?: string,
): TransitionCell<S>[] {
  const lines = fs.readFileSync(new URL(`../../docs/${docName}`, import.meta.url), 'utf8').split('\n');
  const start = heading === undefined ? -1 : lines.indexOf(heading);
  if (heading !== undefined && start < 0) throw new Error(`no "${heading}" in docs/${docName}`);
  const after = lines.slice(start + 1);
  const first = after.findIndex((line) => line.startsWith('|'));
  const block = after.slice(first);
  const end = block.findIndex((line) => !line.startsWith('|'));
  const rows = (end < 0 ? block : block.slice(0, end)).map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
  const [header, , ...body] = rows;
  if (first < 0 || !header)
    throw new Error(`no table in docs/${docName}${heading ? ` under "${heading}"` : ''}`);
  const methods = header.slice(1);
  return body.flatMap(([state, ...cells]) =>
    cells.map((expected, index) => ({ state: state as S, method: methods[index] ?? '', expected })),
  );
}

/**
 * Reads the `| state | tags |` table that follows `heading` (or the first one in the file): each state's tags as
 * the doc lists them, comma-separated; a final state lists none.
 */
export function readTagTable(docName: string, heading?: string): Map<string, string[]> {
  const lines = fs.readFileSync(new URL(`../../docs/${docName}`, import.meta.url), 'utf8').split('\n');
  const start = heading === undefined ? 0 : lines.indexOf(heading);
  const header = lines.findIndex((line, index) => index >= start && /^\| state +\| tags +\|$/.test(line));
  if (header < 0) throw new Error(`no state/tags table in docs/${docName}`);
  const tags = new Map<string, string[]>();
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [state = '', list = ''] = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    tags.set(state, list.startsWith('(') ? [] : list.split(',').map((tag) => tag.trim()));
  }
  return tags;
}
