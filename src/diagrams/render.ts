import { toDot } from './dot.js';
import { graphOf, MACHINE_NAMES, type MachineName } from './machines.js';
import { toMermaid } from './mermaid.js';
import { renderDot } from './svg.js';

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg', 'json'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

export const isDiagramFormat = (value: string): value is DiagramFormat =>
  (DIAGRAM_FORMATS as readonly string[]).includes(value);

/** `all` draws every machine in one document (clusters in DOT/SVG, composite states in Mermaid). */
export type DiagramSelection = MachineName | 'all';

export async function renderDiagram(selection: DiagramSelection, format: DiagramFormat): Promise<string> {
  const graphs = (selection === 'all' ? MACHINE_NAMES : [selection]).map(graphOf);
  switch (format) {
    case 'mermaid':
      return toMermaid(graphs);
    case 'dot':
      return toDot(graphs);
    case 'svg':
      return renderDot(toDot(graphs), 'svg');
    case 'json':
      return JSON.stringify({ machines: graphs }, null, 2) + '\n';
  }
}
