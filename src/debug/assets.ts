import fs from 'node:fs/promises';
import { MACHINE_NAMES } from '../diagrams/machines.js';
import { renderDiagram } from '../diagrams/render.js';

export interface Asset {
  type: string;
  body: string;
}

const STATIC_DIR = new URL('./static/', import.meta.url);

/** The files the page is made of, read once at start: everything the browser loads comes from the daemon. */
export async function loadAssets(): Promise<{ files: Map<string, Asset>; diagrams: Map<string, Asset> }> {
  const svgType = 'image/svg+xml; charset=utf-8';
  const diagrams = new Map<string, Asset>();
  for (const name of [...MACHINE_NAMES, 'all'] as const) {
    diagrams.set(name, { type: svgType, body: await renderDiagram(name, 'svg') });
  }
  const read = (name: string) => fs.readFile(new URL(name, STATIC_DIR), 'utf8');
  const html = (await read('index.html')).replace(/<!--diagram:([a-z]+)-->/g, (_match, name: string) =>
    inlineSvg(diagrams.get(name)?.body ?? missing(name)),
  );
  const files = new Map<string, Asset>([
    ['/', { type: 'text/html; charset=utf-8', body: html }],
    ['/page.js', { type: 'text/javascript; charset=utf-8', body: await read('page.js') }],
    ['/history.js', { type: 'text/javascript; charset=utf-8', body: await read('history.js') }],
    ['/units.js', { type: 'text/javascript; charset=utf-8', body: await read('units.js') }],
    ['/page.css', { type: 'text/css; charset=utf-8', body: await read('page.css') }],
  ]);
  return { files, diagrams };
}

/** Inside HTML only the <svg> element is wanted, not the XML prolog and doctype. */
const inlineSvg = (svg: string): string => svg.slice(svg.indexOf('<svg'));

const missing = (name: string): never => {
  throw new Error(
    `src/debug/static/index.html names diagram '${name}', which is not one of ${MACHINE_NAMES.join(', ')}`,
  );
};
