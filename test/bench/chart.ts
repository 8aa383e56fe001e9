/**
 * The chart of docs/performance.md, drawn as a hand-built SVG string from the results: calls/s and p99 latency
 * against the number of workers, for the bare baseline and each configuration of our daemon that was measured.
 */
import type { BenchResults } from './results.js';

interface Series {
  label: string;
  color: string;
  dashed: boolean;
  points: { workers: number; callsPerSecond: number; p99Ms: number }[];
}

const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];
const PANEL = { width: 440, height: 300, left: 64, right: 16, top: 36, bottom: 44 };

export function seriesOf(results: BenchResults): Series[] {
  const series: Series[] = [];
  const point = (
    row: { concurrency: number; ours: Load } | { concurrency: number; bare: Load },
    load: Load,
  ) => ({
    workers: row.concurrency,
    callsPerSecond: load.callsPerSecond,
    p99Ms: load.all.p99Us / 1000,
  });
  const lifecycle = results.lifecycle?.rows ?? [];
  if (lifecycle.length) {
    series.push({
      label: 'bare grpc-js',
      color: '#000000',
      dashed: true,
      points: lifecycle.map((row) => point(row, row.bare)),
    });
    series.push({
      label: 'ours, --sync batch, disk (default)',
      color: PALETTE[0] ?? '#000',
      dashed: false,
      points: lifecycle.map((row) => point(row, row.ours)),
    });
  }
  const groups = new Map<string, Series['points']>();
  for (const row of results.durability?.rows ?? []) {
    if (row.sync === 'batch' && row.fs === 'disk' && lifecycle.length) continue;
    const key = `ours, --sync ${row.sync}, ${row.fs}`;
    groups.set(key, [...(groups.get(key) ?? []), point(row, row.ours)]);
  }
  [...groups].forEach(([label, points], index) =>
    series.push({ label, color: PALETTE[index + 1] ?? '#999', dashed: false, points }),
  );
  return series;
}

type Load = { callsPerSecond: number; all: { p99Us: number } };

export function chartSvg(results: BenchResults): string {
  const series = seriesOf(results);
  const workers = [...new Set(series.flatMap((s) => s.points.map((p) => p.workers)))].sort((a, b) => a - b);
  const legendHeight = 18 * Math.ceil(series.length / 2) + 12;
  const width = PANEL.width * 2;
  const height = PANEL.height + legendHeight;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    panel(series, workers, 0, 'calls/s (higher is better)', (p) => p.callsPerSecond),
    panel(series, workers, PANEL.width, 'p99 latency, ms (lower is better)', (p) => p.p99Ms),
    legend(series, PANEL.height + 8),
    `<text x="${width - 8}" y="${height - 6}" text-anchor="end" fill="#666" font-size="10">${escape(
      `${results.date}, ${results.machine.cores} cores, ${results.machine.node}`,
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
  value: (point: Series['points'][number]) => number,
): string {
  const plotWidth = PANEL.width - PANEL.left - PANEL.right;
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const max = niceMax(Math.max(1e-9, ...series.flatMap((s) => s.points.map(value))));
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
  for (const w of workers) {
    out.push(
      `<text x="${xOf(w).toFixed(1)}" y="${PANEL.top + plotHeight + 18}" text-anchor="middle" fill="#444">${w}</text>`,
    );
  }
  out.push(
    `<text x="${offset + PANEL.left + plotWidth / 2}" y="${PANEL.height - 8}" text-anchor="middle" fill="#444">concurrent client workers</text>`,
  );
  for (const s of series) {
    const coords = s.points.map((p) => `${xOf(p.workers).toFixed(1)},${yOf(value(p)).toFixed(1)}`);
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
      const x = 24 + (index % 2) * PANEL.width;
      const y = top + 18 * Math.floor(index / 2) + 10;
      const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
      return (
        `<line x1="${x}" x2="${x + 28}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${dash}/>` +
        `<text x="${x + 36}" y="${y + 4}">${escape(s.label)}</text>`
      );
    })
    .join('\n');
}

function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value * 1.05) return step * magnitude;
  return 10 * magnitude;
}

const format = (v: number): string =>
  v >= 100 ? Math.round(v).toString() : Number(v.toPrecision(3)).toString();

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
