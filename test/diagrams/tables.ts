import type { MachineName } from '../../src/diagrams/machines.js';
import { readTransitionTable, type TransitionCell } from '../helpers/transition-table.js';

/** The transition tables the machines are held to, one per drawable machine. */
export const TABLES: Record<MachineName, TransitionCell<string>[]> = {
  sandbox: readTransitionTable('sandbox-transitions.md'),
  container: readTransitionTable('container-transitions.md', '## Container (task) transitions'),
  exec: readTransitionTable('container-transitions.md', '## Exec process transitions'),
};

/** `from|to|label`, one per accepted (state, call) cell: what the diagrams must draw, and nothing else. */
export function expectedEdges(cells: TransitionCell<string>[]): string[] {
  return cells
    .filter((cell) => cell.expected !== 'rejected')
    .map((cell) => {
      const match = /^([a-z]+)(?: \(via ([a-z, ]+)\))?$/.exec(cell.expected);
      if (!match)
        throw new Error(`unreadable table cell '${cell.expected}' (${cell.state} × ${cell.method})`);
      const [, to, via] = match;
      return `${cell.state}|${to}|${cell.method}${via ? ` (via ${via})` : ''}`;
    })
    .sort();
}

/** Splits a drawn label (`Kill, sandbox Stop`) into one label per call; commas inside parentheses stay. */
export const splitLabel = (label: string): string[] => label.split(/, (?![^(]*\))/);
