import { drawnEdges } from './edges.js';
import type { MachineGraph } from './graph.js';

const quote = (text: string): string => `"${text.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;

/** The id a state's node carries in the SVG (`sandbox-state-running`), which the debug page looks up. */
export const stateNodeId = (machine: string, state: string): string => `${machine}-state-${state}`;

/** Graphviz DOT text; several machines become one graph with a cluster each. */
export function toDot(graphs: MachineGraph[]): string {
  const single = graphs.length === 1 ? graphs[0] : undefined;
  const lines = [
    `digraph ${quote(single ? single.machine : 'lifecycles')} {`,
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=14, labelloc=t, nodesep=0.5, ranksep=0.8];',
    '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5", fontname="Helvetica", fontsize=13];',
    '  edge [fontname="Helvetica", fontsize=10, color="#555555"];',
  ];
  if (single) lines.push(`  label=${quote(single.machine)};`, ...body(single, '  '));
  else {
    for (const graph of graphs) {
      lines.push(`  subgraph ${quote(`cluster_${graph.machine}`)} {`, `    label=${quote(graph.machine)};`);
      lines.push(...body(graph, '    '), '  }');
    }
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function body(graph: MachineGraph, indent: string): string[] {
  const node = (state: string) => quote(`${graph.machine}:${state}`);
  const start = quote(`${graph.machine}:[*]`);
  return [
    `${indent}${start} [shape=point, width=0.15, label="", fillcolor="#333333", color="#333333", id=${quote(`${graph.machine}-initial`)}];`,
    ...graph.states.map(
      (state) =>
        `${indent}${node(state.name)} [label=${quote(state.name)}, id=${quote(stateNodeId(graph.machine, state.name))}, class="state"${state.final ? ', peripheries=2' : ''}];`,
    ),
    `${indent}${start} -> ${node(graph.initial)};`,
    ...drawnEdges(graph).map(
      (edge) => `${indent}${node(edge.from)} -> ${node(edge.to)} [label=${quote(edge.label)}];`,
    ),
  ];
}
