/**
 * The chart heading docs/performance.md ("What a node costs"), drawn as a hand-built SVG from figure 9: for each
 * runtime and node size, pods per second to all Running, and what one pod costs the node in resident memory and in
 * CPU, stacked by process role (containerd, our daemon and relay, or runc's shims and processes).
 */
import { escape, format, niceMax } from './chart.js';
import type { ContainerdFigure, ContainerdRow } from './figures/containerd.js';
import type { Role } from './containerd/node-processes.js';

export interface Segment {
  label: string;
  value: number;
}

export interface Bar {
  label: string;
  segments: Segment[];
}

const PANEL = { width: 330, height: 300, left: 56, right: 12, top: 36, bottom: 52 };
const LEGEND_ROW = 18;

/** One color per role, the same in every panel; the roles of the two runtimes differ, so they can share a legend. */
export const ROLE_COLORS: Record<Role, string> = {
  containerd: '#7570b3',
  'resource-slot daemon': '#1b9e77',
  'task relay': '#66a61e',
  'runc shims': '#d95f02',
  'pause and app processes': '#e6ab02',
};
const SINGLE = '#1b9e77';

const KIB = 1024;

/** A bar's label, in two lines under the bar: the runtime, and how many pods the node ran. */
const barLabel = (row: ContainerdRow): string => `${row.backend}\n${row.pods} pods`;

/**
 * What a pod costs, per role: a role whose memory went down over the wave (our idle daemon beside runc) counts 0,
 * since a stacked bar cannot show a saving.
 */
function perPod(row: ContainerdRow, of: 'rssBytes' | 'cpuSeconds', scale: number): Segment[] {
  return row.roles
    .map((role) => ({
      label: role.role,
      value:
        Math.max(0, (of === 'rssBytes' ? role.rssBytes - role.idleRssBytes : role.cpuSeconds) / row.pods) *
        scale,
    }))
    .filter((segment) => segment.value > 0);
}

export function nodeChartBars(figure: ContainerdFigure): { speed: Bar[]; memory: Bar[]; cpu: Bar[] } {
  return {
    speed: figure.rows.map((row) => ({
      label: barLabel(row),
      segments: [{ label: 'pods/s', value: row.podsPerSecond }],
    })),
    memory: figure.rows.map((row) => ({ label: barLabel(row), segments: perPod(row, 'rssBytes', 1 / KIB) })),
    cpu: figure.rows.map((row) => ({ label: barLabel(row), segments: perPod(row, 'cpuSeconds', 1000) })),
  };
}

export function nodeChartSvg(figure: ContainerdFigure, caption: string): string {
  const bars = nodeChartBars(figure);
  const roles = [
    ...new Set([...bars.memory, ...bars.cpu].flatMap((bar) => bar.segments.map((s) => s.label))),
  ];
  const legendTop = PANEL.height + 8;
  const width = PANEL.width * 3;
  const height = legendTop + LEGEND_ROW * Math.ceil(roles.length / 3) + 28;
  const body = [
    panel(0, 'pods/s until all Running (higher is better)', bars.speed),
    panel(PANEL.width, 'resident memory per pod, KiB', bars.memory),
    panel(PANEL.width * 2, 'CPU per pod, ms', bars.cpu),
    legend(roles, legendTop),
    `<text x="12" y="${height - 8}" fill="#444" font-size="11">${escape(caption)}</text>`,
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

const colorOf = (label: string): string => (label in ROLE_COLORS ? ROLE_COLORS[label as Role] : SINGLE);

/** Stacked bars, one per row of the figure, on a y axis from 0 to a round maximum. */
function panel(offset: number, title: string, bars: Bar[]): string {
  const plotWidth = PANEL.width - PANEL.left - PANEL.right;
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const total = (bar: Bar) => bar.segments.reduce((sum, segment) => sum + segment.value, 0);
  const max = niceMax(Math.max(1e-9, ...bars.map(total)));
  const yOf = (v: number): number => PANEL.top + plotHeight - (v / max) * plotHeight;
  const slot = plotWidth / Math.max(1, bars.length);
  const left = offset + PANEL.left;
  const out = [`<text x="${offset + 12}" y="20" font-weight="bold">${escape(title)}</text>`];
  for (let tick = 0; tick <= 5; tick++) {
    const y = yOf((max * tick) / 5).toFixed(1);
    out.push(
      `<line x1="${left}" x2="${left + plotWidth}" y1="${y}" y2="${y}" stroke="#e0e0e0"/>`,
      `<text x="${left - 6}" y="${y}" dy="4" text-anchor="end" fill="#444">${format((max * tick) / 5)}</text>`,
    );
  }
  bars.forEach((bar, index) => {
    const x = left + index * slot + slot * 0.15;
    const barWidth = slot * 0.7;
    let base = 0;
    for (const segment of bar.segments) {
      const top = yOf(base + segment.value);
      const height = yOf(base) - top;
      const name = bar.label.replace('\n', ', ');
      out.push(
        `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${colorOf(segment.label)}"><title>${escape(`${name}: ${segment.label} ${format(segment.value)}`)}</title></rect>`,
      );
      base += segment.value;
    }
    const center = (x + barWidth / 2).toFixed(1);
    out.push(
      `<text x="${center}" y="${(yOf(base) - 4).toFixed(1)}" text-anchor="middle" fill="#000" font-size="11">${format(base)}</text>`,
      ...bar.label
        .split('\n')
        .map(
          (line, row) =>
            `<text x="${center}" y="${PANEL.top + plotHeight + 16 + 13 * row}" text-anchor="middle" fill="#444" font-size="11">${escape(line)}</text>`,
        ),
    );
  });
  return out.join('\n');
}

function legend(labels: string[], top: number): string {
  return labels
    .map((label, index) => {
      const x = 24 + (index % 3) * PANEL.width;
      const y = top + LEGEND_ROW * Math.floor(index / 3) + 10;
      return (
        `<rect x="${x}" y="${y - 8}" width="14" height="12" fill="${colorOf(label)}"/>` +
        `<text x="${x + 20}" y="${y + 2}">${escape(label)}</text>`
      );
    })
    .join('\n');
}
