import { edgeLabel, type MachineGraph } from './graph.js';

export interface DrawnEdge {
  from: string;
  to: string;
  /** Every call that makes this move, comma-separated (Kill, sandbox Stop). */
  label: string;
}

/** One drawn arrow per pair of states, in the machine's order, so parallel arrows do not overlap. */
export function drawnEdges(graph: MachineGraph): DrawnEdge[] {
  const byPair = new Map<string, DrawnEdge>();
  for (const edge of graph.edges) {
    const key = `${edge.from}\u0000${edge.to}`;
    const existing = byPair.get(key);
    if (existing) existing.label += `, ${edgeLabel(edge)}`;
    else byPair.set(key, { from: edge.from, to: edge.to, label: edgeLabel(edge) });
  }
  return [...byPair.values()];
}
