/**
 * `top --history` (docs/ctl.md): Inspect's History as sparklines, per pod (and container), then the node's totals
 * over time next to allocatable, in kubectl's units.
 */
import type { HistoryResponse, NodeHistory, UsageSeries } from '../generated/resourceslot/v1/inspect.js';
import { HOLDING_STATES } from './node-totals.js';
import { downsample, sparkline } from './sparkline.js';
import { formatBytes, shortId } from './units.js';

export interface HistoryTableOptions {
  containers: boolean;
  width: number;
  noTrunc: boolean;
}

const millicores = (value: number) => `${Math.round(value)}m`;
const percent = (value: number, of: number) => (of > 0 ? ` (${Math.round((value / of) * 100)}%)` : '');

/** A series on the response's times: null before it was first sampled. */
function aligned(series: UsageSeries | undefined, times: number, pick: (s: UsageSeries) => number[]) {
  const values: Array<number | null> = new Array<number | null>(times).fill(null);
  if (!series) return values;
  pick(series).forEach((value, index) => (values[series.first + index] = value));
  return values;
}

function usageCells(series: UsageSeries | undefined, times: number, width: number): string[] {
  const cells: string[] = [];
  const metrics: Array<[(s: UsageSeries) => number[], (value: number) => string]> = [
    [(s) => s.cpuMillicores, millicores],
    [(s) => s.memoryWorkingSetBytes, (value) => formatBytes(value)],
  ];
  for (const [pick, format] of metrics) {
    const values = aligned(series, times, pick);
    const sampled = values.filter((value): value is number => value !== null);
    const highest = Math.max(0, ...sampled);
    const now = sampled.at(-1);
    cells.push(
      sparkline(downsample(values, width), highest),
      now === undefined ? '-' : format(now),
      format(highest),
    );
  }
  return cells;
}

export function podRows(answer: HistoryResponse, options: HistoryTableOptions): string[][] {
  const times = answer.timesMillis.length;
  return answer.pods
    .filter((pod) => HOLDING_STATES.has(pod.state))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
    .flatMap((pod) => {
      const name = pod.name ? `${pod.namespace}/${pod.name}` : shortId(pod.sandboxId, options.noTrunc);
      const containers = options.containers
        ? [...pod.containers]
            .sort((a, b) => a.name.localeCompare(b.name) || a.containerId.localeCompare(b.containerId))
            .map((container) => [
              name,
              container.name || shortId(container.containerId, options.noTrunc),
              ...usageCells(container.usage, times, options.width),
            ])
        : [];
      return [[name, '*', ...usageCells(pod.usage, times, options.width)], ...containers];
    });
}

export const POD_HEADER = ['POD', 'CONTAINER', 'CPU', 'NOW', 'MAX', 'MEMORY', 'NOW', 'MAX'];
export const NODE_HEADER = ['NODE', 'OVER TIME', 'NOW', 'MAX', 'ALLOCATABLE'];

/**
 * Used, requested and limited CPU, memory and pods over time. Each resource's rows share one scale, allocatable
 * (or the highest value, if above it), so their heights compare with each other and with allocatable.
 */
export function nodeRows(node: NodeHistory, width: number): string[][] {
  const resources: Array<[string, number, Array<[string, number[]]>, (value: number) => string]> = [
    [
      'cpu',
      node.cpuAllocatableMillis,
      [
        ['used', node.cpuUsedMillicores],
        ['requests', node.cpuRequestsMillis],
        ['limits', node.cpuLimitsMillis],
      ],
      millicores,
    ],
    [
      'memory',
      node.memoryAllocatableBytes,
      [
        ['used', node.memoryUsedBytes],
        ['requests', node.memoryRequestsBytes],
        ['limits', node.memoryLimitsBytes],
      ],
      (value) => formatBytes(value),
    ],
    ['pods', node.podsAllocatable, [['', node.pods]], String],
  ];
  return resources.flatMap(([resource, allocatable, series, format]) => {
    const scale = Math.max(allocatable, ...series.flatMap(([, values]) => values));
    return series.map(([what, values]) => {
      const now = values.at(-1);
      return [
        what ? `${resource} ${what}` : resource,
        sparkline(downsample(values, width), scale),
        now === undefined ? '-' : format(now) + percent(now, allocatable),
        format(Math.max(0, ...values)),
        format(allocatable),
      ];
    });
  });
}

/** "90 samples every 10s (15m), oldest left": what the sparklines span. */
export function spanLine(answer: HistoryResponse, width: number): string {
  const samples = answer.timesMillis.length;
  const every = answer.resolutionMillis / 1000;
  const per = Math.max(1, Math.ceil(samples / width));
  const minutes = (samples * answer.resolutionMillis) / 60_000;
  const span = minutes >= 1 ? `${+minutes.toFixed(1)}m` : `${+(minutes * 60).toFixed(1)}s`;
  return (
    `${samples} samples every ${every}s (${span}), oldest left` +
    (per > 1 ? `; each character is the highest of ${per} samples` : '') +
    `; ${'·'} not sampled yet\n`
  );
}
