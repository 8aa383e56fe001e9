/**
 * Replaces the generated results section of docs/performance.md (between the markers) and writes the chart; the
 * Stats and containerd figures have generated sections of their own, so a run of one alone replaces only it. The page goes
 * through prettier with the repository's settings, so `npm run format:check` stays clean after a run.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { chartSvg } from './chart.js';
import { containerdReport, NODE_CHART_LINK } from './containerd/report.js';
import { kubeletReport } from './kubelet/report.js';
import { fixedCostReport } from './fixed-cost-report.js';
import { nodeChartSvg } from './node-chart.js';
import { markdownReport, statsReport } from './report.js';
import type { Figure } from './config.js';
import type { BenchResults } from './results.js';

export const DOC = path.resolve(import.meta.dirname, '../../docs/performance.md');
export const CHART = path.resolve(import.meta.dirname, '../../docs/performance.svg');
export const NODE_CHART = path.resolve(import.meta.dirname, '../../docs', NODE_CHART_LINK);
/** The chart as docs/performance.md links it. */
export const CHART_LINK = 'performance.svg';
const START = '<!-- bench:results:start (written by npm run bench; edit around it, not inside) -->';
const END = '<!-- bench:results:end -->';
const STATS_START = '<!-- bench:stats:start (written by npm run bench; edit around it, not inside) -->';
const STATS_END = '<!-- bench:stats:end -->';
const CONTAINERD_START =
  '<!-- bench:containerd:start (written by npm run bench; edit around it, not inside) -->';
const CONTAINERD_END = '<!-- bench:containerd:end -->';
const KUBELET_START = '<!-- bench:kubelet:start (written by npm run bench; edit around it, not inside) -->';
const KUBELET_END = '<!-- bench:kubelet:end -->';
const FIXED_START = '<!-- bench:fixed:start (written by npm run bench; edit around it, not inside) -->';
const FIXED_END = '<!-- bench:fixed:end -->';

/** Figures whose results go only to a section of their own. */
const OWN_SECTION: readonly Figure[] = ['stats', 'fixed', 'containerd', 'kubelet'];

export async function writeResultsSection(markdown: string, svg: string): Promise<void> {
  await replaceBetween(START, END, markdown);
  fs.writeFileSync(CHART, svg);
}

/** The Stats figure's own section (figure 8), with the header of the run that measured it. */
export async function writeStatsSection(markdown: string): Promise<void> {
  await replaceBetween(STATS_START, STATS_END, markdown);
}

/**
 * Writes what `results` measured into docs/performance.md: the results section and the chart unless the run
 * measured only the Stats figure, and the Stats section when it measured that. Returns what it wrote.
 */
export async function writeDocs(results: BenchResults): Promise<string[]> {
  const written: string[] = [];
  if (results.fixed) {
    await replaceBetween(FIXED_START, FIXED_END, fixedCostSection(results));
    written.push('the fixed-cost section of docs/performance.md');
  }
  // The figures that have a section of their own (fixed cost, Stats, containerd, kubelet) can be run alone without
  // replacing the rest.
  if (results.config.figures.some((figure) => !OWN_SECTION.includes(figure))) {
    await writeResultsSection(
      markdownReport(results, CHART_LINK, { withStats: false, withFixed: false }),
      chartSvg(results),
    );
    written.push('the results section of docs/performance.md', 'docs/performance.svg');
  }
  if (results.stats) {
    await writeStatsSection(statsReport(results, true).join('\n') + '\n');
    written.push('the Stats section of docs/performance.md');
  }
  if (results.containerd) {
    const section = containerdReport(results).join('\n') + '\n';
    await replaceBetween(CONTAINERD_START, CONTAINERD_END, section);
    const caption = `Figure 9, measured ${results.date.slice(0, 10)} at commit ${results.commit} on ${results.machine.cores} cores.`;
    fs.writeFileSync(NODE_CHART, nodeChartSvg(results.containerd, caption));
    written.push('the containerd section of docs/performance.md', `docs/${NODE_CHART_LINK}`);
  }
  if (results.kubelet) {
    await replaceBetween(KUBELET_START, KUBELET_END, kubeletReport(results).join('\n') + '\n');
    written.push('the kubelet section of docs/performance.md');
  }
  return written;
}

function fixedCostSection(results: BenchResults): string {
  const { machine } = results;
  const load = results.loadAverage.start[0] ?? 0;
  const header =
    `Measured ${results.date} on ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ` +
    `Node ${machine.node}. Load average ${results.loadAverage.start.join(' / ')} at the start` +
    (load > 1 ? ': **taken under load** (the machine was shared with other work), so times are high.' : '.');
  return [header, '', ...(results.fixed ? fixedCostReport(results.fixed) : [])].join('\n') + '\n';
}

async function replaceBetween(startMarker: string, endMarker: string, markdown: string): Promise<void> {
  const doc = fs.readFileSync(DOC, 'utf8');
  const start = doc.indexOf(startMarker);
  const end = doc.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`${DOC} lacks the markers ${startMarker} … ${endMarker}`);
  const updated = `${doc.slice(0, start + startMarker.length)}\n\n${markdown}\n${doc.slice(end)}`;
  const options = (await prettier.resolveConfig(DOC)) ?? {};
  fs.writeFileSync(DOC, await prettier.format(updated, { ...options, filepath: DOC }));
}
