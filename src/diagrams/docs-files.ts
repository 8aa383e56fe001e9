import { MACHINE_NAMES } from './machines.js';
import { renderDiagram } from './render.js';

/** Where `npm run docs:diagrams` writes, relative to the repository root. */
export const DOCS_DIAGRAMS_DIR = 'docs/diagrams';

const GENERATED_NOTE =
  'Generated from `machines/*.machine.ts` by `npm run docs:diagrams`; do not edit by hand (a test fails when stale).';

/** Every file of docs/diagrams/, by name: Mermaid and SVG per machine, and a README that GitHub renders. */
export async function diagramDocFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const readme = ['# Lifecycle diagrams', '', GENERATED_NOTE, ''];
  for (const name of MACHINE_NAMES) {
    const mermaid = await renderDiagram(name, 'mermaid');
    files.set(`${name}.mmd`, mermaid);
    files.set(`${name}.svg`, await renderDiagram(name, 'svg'));
    readme.push(
      `## ${name}`,
      '',
      '```mermaid',
      mermaid.trimEnd(),
      '```',
      '',
      `SVG: [${name}.svg](${name}.svg)`,
      '',
    );
  }
  readme.push(
    'Edges are the calls a state accepts (see docs/sandbox-transitions.md and docs/container-transitions.md);',
    'rejected calls are not drawn. `(via stopped)` means the call passes through that state on the way.',
    '',
  );
  files.set('README.md', readme.join('\n'));
  return files;
}
