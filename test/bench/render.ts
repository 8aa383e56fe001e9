/**
 * Renders a results JSON again (after a change to the report's layout, without measuring anything):
 * `tsx test/bench/render.ts [results.json]` prints the markdown and, for a full run, rewrites what it measured in
 * docs/performance.md (and docs/performance.svg). The JSON itself is left as measured.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CHART_LINK, writeDocs } from './docs-section.js';
import { markdownReport } from './report.js';
import { checkTargets, type BenchResults } from './results.js';

if (process.env['TAP'] === '1') {
  // `npx tap test/bench` runs every file of the directory: this one would rewrite docs/performance.md.
  process.stdout.write('1..0 # render.ts rewrites the docs from a results JSON, not a test\n');
  process.exit(0);
}
const file = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, 'results.json'));
const measured = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
// The targets are checked again: their wording or rule may have changed since the run.
const results: BenchResults = { ...measured, targets: checkTargets(measured) };
const markdown = markdownReport(results, results.config.writeDocs ? CHART_LINK : null);
process.stdout.write(markdown);
if (results.config.writeDocs) await writeDocs(results);
