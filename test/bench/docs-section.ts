/**
 * Replaces the generated results section of docs/performance.md (between the markers) and writes the chart. The
 * page goes through prettier with the repository's settings, so `npm run format:check` stays clean after a run.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';

export const DOC = path.resolve(import.meta.dirname, '../../docs/performance.md');
export const CHART = path.resolve(import.meta.dirname, '../../docs/performance.svg');
/** The chart as docs/performance.md links it. */
export const CHART_LINK = 'performance.svg';
const START = '<!-- bench:results:start (written by npm run bench; edit around it, not inside) -->';
const END = '<!-- bench:results:end -->';

export async function writeResultsSection(markdown: string, svg: string): Promise<void> {
  const doc = fs.readFileSync(DOC, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC} lacks the results markers ${START} … ${END}`);
  const updated = `${doc.slice(0, start + START.length)}\n\n${markdown}\n${doc.slice(end)}`;
  const options = (await prettier.resolveConfig(DOC)) ?? {};
  fs.writeFileSync(DOC, await prettier.format(updated, { ...options, filepath: DOC }));
  fs.writeFileSync(CHART, svg);
}
