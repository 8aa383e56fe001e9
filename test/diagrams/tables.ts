import type { MachineName } from '../../src/diagrams/machines.js';
import { readTransitionTable, type TransitionCell } from '../helpers/transition-table.js';

/** The transition tables the machines are held to, one per drawable machine. */
export const TABLES: Record<MachineName, TransitionCell<string>[]> = {
  sandbox: readTransitionTable('sandbox-transitions.md'),
  container: readTransitionTable('container-transitions.md', '## Container (task) transitions'),
  exec: readTransitionTable('container-transitions.md', '## Exec process transitions'),
};

/** Table columns for a call taken under a named guard, and the label the diagrams give that move. */
const GUARDED_COLUMNS: Record<string, string> = { 'Kill 0': 'Kill if isSignalProbe' };

/**
 * Moves the diagrams draw that no table column holds, because they depend on more than the state: the docs describe
 * them in prose (docs/container-transitions.md, `ADOPT`; docs/sandbox-transitions.md, runs of a named container).
 */
export const PROSE_EDGES: Record<MachineName, string[]> = {
  sandbox: ['running|running|task Create if isNamed'],
  container: ['created|created|Create if announcedByKuasar'],
  exec: [],
};

/** The label a diagram gives the move of a table column. */
export const drawnLabel = (column: string): string => GUARDED_COLUMNS[column] ?? column;

/** `from|to|label`, one per accepted (state, call) cell: what the diagrams must draw, and nothing else. */
export function expectedEdges(cells: TransitionCell<string>[], prose: string[] = []): string[] {
  const drawn = cells
    .filter((cell) => cell.expected !== 'rejected')
    .map((cell) => {
      const match = /^([a-z]+)(?: \(via ([a-z, ]+)\))?$/.exec(cell.expected);
      if (!match)
        throw new Error(`unreadable table cell '${cell.expected}' (${cell.state} × ${cell.method})`);
      const [, to, via] = match;
      const label = drawnLabel(cell.method);
      return `${cell.state}|${to}|${label}${via ? ` (via ${via})` : ''}`;
    });
  return [...drawn, ...prose].sort();
}

/** Splits a drawn label (`Kill, sandbox Stop`) into one label per call; commas inside parentheses stay. */
export const splitLabel = (label: string): string[] => label.split(/, (?![^(]*\))/);
