import type { Sandbox } from '../generated/resourceslot/v1/inspect.js';
import { FIGURE_KEYS, figuresOf, type ResourceFigures } from './views.js';

/** Pods in these states hold what they declared; a stopped pod holds nothing, though it is still listed. */
export const HOLDING_STATES: ReadonlySet<string> = new Set(['created', 'running']);

export function holdsResources(sandbox: Sandbox): boolean {
  return HOLDING_STATES.has(sandbox.state);
}

/**
 * The node's figures: for each key, the sum over the pods that hold resources and set it (as `kubectl describe
 * node` sums what pods declare); null when none sets it. Cores are rounded to the nano scale like pod totals.
 */
export function nodeTotals(sandboxes: readonly Sandbox[]): ResourceFigures & { pods: number } {
  const holding = sandboxes.filter(holdsResources).map((sandbox) => figuresOf(sandbox.totals));
  const totals = { pods: holding.length } as ResourceFigures & { pods: number };
  for (const key of FIGURE_KEYS) {
    const values = holding.map((figures) => figures[key]).filter((value): value is number => value !== null);
    const sum = values.reduce((a, b) => a + b, 0);
    totals[key] = values.length === 0 ? null : key.startsWith('cpu_') ? Math.round(sum * 1e9) / 1e9 : sum;
  }
  return totals;
}
