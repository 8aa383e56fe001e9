import { drawnEdges } from './edges.js';
import type { MachineGraph } from './graph.js';

const INDENT = '    ';

/**
 * Mermaid `stateDiagram-v2` text (GitHub renders it). One machine is drawn plainly; several become composite
 * states whose inner ids are prefixed with the machine name, as Mermaid state ids are global.
 */
export function toMermaid(graphs: MachineGraph[]): string {
  const lines = ['stateDiagram-v2', `${INDENT}direction LR`];
  if (graphs.length === 1 && graphs[0]) {
    lines.push(...body(graphs[0], INDENT, (state) => state));
  } else {
    for (const graph of graphs) {
      const id = (state: string) => `${graph.machine}_${state}`;
      lines.push(`${INDENT}state ${graph.machine} {`);
      for (const state of graph.states)
        lines.push(`${INDENT.repeat(2)}state "${state.name}" as ${id(state.name)}`);
      lines.push(...body(graph, INDENT.repeat(2), id), `${INDENT}}`);
    }
  }
  return lines.join('\n') + '\n';
}

function body(graph: MachineGraph, indent: string, id: (state: string) => string): string[] {
  return [
    `${indent}[*] --> ${id(graph.initial)}`,
    ...drawnEdges(graph).map((edge) => `${indent}${id(edge.from)} --> ${id(edge.to)}: ${edge.label}`),
    ...graph.states.filter((state) => state.final).map((state) => `${indent}${id(state.name)} --> [*]`),
  ];
}
