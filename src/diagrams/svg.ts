import type { Viz } from '@viz-js/viz';

let viz: Promise<Viz> | undefined;

/**
 * Renders DOT in-process (Graphviz compiled to WebAssembly). Invalid DOT throws Graphviz's message; so do
 * warnings, as the DOT is ours and a warning means it is wrong.
 */
export async function renderDot(dot: string, format: 'svg' | 'json' = 'svg'): Promise<string> {
  viz ??= import('@viz-js/viz').then((module) => module.instance());
  const result = (await viz).render(dot, { format });
  if (result.status !== 'success' || result.errors.length > 0) {
    throw new Error(`graphviz rejected the DOT: ${result.errors.map((error) => error.message).join('; ')}`);
  }
  return result.output;
}
