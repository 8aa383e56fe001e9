/**
 * The chart of docs/performance.md, drawn as a hand-built SVG string from the results, against the number of
 * workers: calls/s of figure 1 (ours and bare), then ours / bare for calls/s and for p99 for every configuration
 * measured (each against the bare server of its own figure, in the same run), with the targets as dashed lines.
 */
import type { Comparison } from './figures/compare.js';
import type { BenchResults } from './results.js';

interface Point {
  workers: number;
  value: number;
}

interface Series {
  label: string;
  color: string;
  dashed: boolean;
  points: Point[];
}

interface Reference {
  value: number;
  label: string;
}

const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];
const PANEL = { width: 400, height: 300, left: 56, right: 16, top: 36, bottom: 44 };

interface Configuration {
  label: string;
  color: string;
  rows: Comparison[];
}

/** Figure 1 (the default), then every other sync mode and file system of figure 3. */
function configurations(results: BenchResults): Configuration[] {
  const lifecycle = results.lifecycle?.rows ?? [];
  const out: Configuration[] = [];
  if (lifecycle.length)
    out.push({ label: 'ours, --sync batch, disk (default)', color: PALETTE[0] ?? '#000', rows: lifecycle });
  const groups = new Map<string, Comparison[]>();
  for (const row of results.durability?.rows ?? []) {
    if (row.sync === 'batch' && row.fs === 'disk' && lifecycle.length) continue;
    const label = `ours, --sync ${row.sync}, ${row.fs}`;
    groups.set(label, [...(groups.get(label) ?? []), row]);
  }
  [...groups].forEach(([label, rows], index) =>
    out.push({ label, color: PALETTE[index + 1] ?? '#999', rows }),
  );
  return out;
}

export function chartSvg(results: BenchResults): string {
  const configs = configurations(results);
  const lifecycle = results.lifecycle?.rows ?? [];
  const line = (label: string, color: string, dashed: boolean, points: Point[]): Series => ({
    label,
    color,
    dashed,
    points,
  });
  const absolute = lifecycle.length
    ? [
        line(
          'bare grpc-js',
          '#000000',
          true,
          lifecycle.map((row) => ({ workers: row.concurrency, value: row.bare.callsPerSecond })),
        ),
        line(
          configs[0]?.label ?? '',
          configs[0]?.color ?? '#000',
          false,
          lifecycle.map((row) => ({ workers: row.concurrency, value: row.ours.callsPerSecond })),
        ),
      ]
    : [];
  const ratioSeries = (pick: (row: Comparison) => number | null): Series[] =>
    configs.map((config) =>
      line(
        config.label,
        config.color,
        false,
        config.rows.map((row) => ({ workers: row.concurrency, value: pick(row) ?? 0 })),
      ),
    );
  const workers = [
    ...new Set([...lifecycle, ...configs.flatMap((config) => config.rows)].map((row) => row.concurrency)),
  ].sort((a, b) => a - b);
  const legendItems = [...absolute.slice(0, 1), ...ratioSeries(() => 0)];
  const legendHeight = 18 * Math.ceil(legendItems.length / 3) + 12;
  const width = PANEL.width * 3;
  const height = PANEL.height + legendHeight + 14;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    panel(absolute, workers, 0, 'calls/s, figure 1 (higher is better)', []),
    panel(
      ratioSeries((row) => row.ratios.callsPerSecond),
      workers,
      PANEL.width,
      'calls/s, ours / bare',
      [
        { value: 1, label: 'bare' },
        { value: 0.8, label: 'target --sync none' },
        { value: 0.6, label: 'target default' },
      ],
    ),
    panel(
      ratioSeries((row) => row.ratios.p99),
      workers,
      PANEL.width * 2,
      'p99, ours / bare (lower is better)',
      [
        { value: 2, label: 'target' },
        { value: 1, label: 'bare' },
      ],
    ),
    legend(legendItems, PANEL.height + 8),
    `<text x="${width - 8}" y="${height - 6}" text-anchor="end" fill="#666" font-size="10">${escape(
      `${results.date}, ${results.machine.cores} cores, Node ${results.machine.node}; each ratio against the bare server of its own figure`,
    )}</text>`,
    '</svg>',
  ];
  return parts.join('\n') + '\n';
}

function panel(
  series: Series[],
  workers: number[],
  offset: number,
  title: string,
  refs: Reference[],
): string {
  const plotWidth = PANEL.width - PANEL.left - PANEL.right;
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const values = [...series.flatMap((s) => s.points.map((p) => p.value)), ...refs.map((ref) => ref.value)];
  const max = niceMax(Math.max(1e-9, ...values));
  const xOf = (w: number): number => {
    const index = workers.indexOf(w);
    const step = workers.length > 1 ? plotWidth / (workers.length - 1) : 0;
    return offset + PANEL.left + (workers.length > 1 ? index * step : plotWidth / 2);
  };
  const yOf = (v: number): number => PANEL.top + plotHeight - (v / max) * plotHeight;
  const out = [`<text x="${offset + PANEL.left}" y="20" font-weight="bold">${escape(title)}</text>`];
  for (let tick = 0; tick <= 5; tick++) {
    const v = (max * tick) / 5;
    const y = yOf(v).toFixed(1);
    out.push(
      `<line x1="${offset + PANEL.left}" x2="${offset + PANEL.left + plotWidth}" y1="${y}" y2="${y}" stroke="#e0e0e0"/>`,
      `<text x="${offset + PANEL.left - 6}" y="${y}" dy="4" text-anchor="end" fill="#444">${format(v)}</text>`,
    );
  }
  for (const ref of refs) {
    const y = yOf(ref.value).toFixed(1);
    out.push(
      `<line x1="${offset + PANEL.left}" x2="${offset + PANEL.left + plotWidth}" y1="${y}" y2="${y}" stroke="#000" stroke-dasharray="3 3"/>`,
      `<text x="${offset + PANEL.left + plotWidth - 2}" y="${y}" dy="-3" text-anchor="end" fill="#000" font-size="10">${escape(ref.label)}</text>`,
    );
  }
  for (const w of workers) {
    out.push(
      `<text x="${xOf(w).toFixed(1)}" y="${PANEL.top + plotHeight + 18}" text-anchor="middle" fill="#444">${w}</text>`,
    );
  }
  out.push(
    `<text x="${offset + PANEL.left + plotWidth / 2}" y="${PANEL.height - 8}" text-anchor="middle" fill="#444">concurrent client workers</text>`,
  );
  for (const s of series) {
    const coords = s.points.map((p) => `${xOf(p.workers).toFixed(1)},${yOf(p.value).toFixed(1)}`);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (coords.length > 1)
      out.push(
        `<polyline points="${coords.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`,
      );
    for (const c of coords) {
      const [cx, cy] = c.split(',');
      out.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${s.color}"/>`);
    }
  }
  return out.join('\n');
}

function legend(series: Series[], top: number): string {
  return series
    .map((s, index) => {
      const x = 24 + (index % 3) * PANEL.width;
      const y = top + 18 * Math.floor(index / 3) + 10;
      const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
      return (
        `<line x1="${x}" x2="${x + 28}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${dash}/>` +
        `<text x="${x + 36}" y="${y + 4}">${escape(s.label)}</text>`
      );
    })
    .join('\n');
}

export function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value * 1.05) return step * magnitude;
  return 10 * magnitude;
}

export const format = (v: number): string =>
  v >= 100 ? Math.round(v).toString() : Number(v.toPrecision(3)).toString();

export const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
