/**
 * `cost` as tables (docs/planning.md): one row per container with the charged unit-hours of every resource and
 * the cost, then the namespaces, then the node (its pods, idle, allocatable); and as CSV, one record per
 * container and resource, idle as OpenCost names it (`__idle__`).
 */
import type { CostResponse, GroupCost, ResourceCost } from '../generated/resourceslot/v1/planning.js';
import { decimalText } from './decimal.js';
import { isoOf } from './time.js';

export const IDLE = '__idle__';

/** Every resource any line charges, in the report's order (cpu, memory, the rest by name). */
function resourceColumns(report: CostResponse): ResourceCost[] {
  const seen = new Map<string, ResourceCost>();
  const groups = [report.allocated, report.idle, report.allocatable];
  for (const part of groups.flatMap((group) => group?.resources ?? []))
    if (!seen.has(part.resource)) seen.set(part.resource, part);
  return [...seen.values()];
}

const header = (parts: ResourceCost[]): string[] =>
  parts.map(
    ({ resource, unit, priced }) => `${resource.toUpperCase()} (${unit}${priced ? '' : ', UNPRICED'})`,
  );

function cells(parts: readonly ResourceCost[], columns: readonly ResourceCost[]): string[] {
  return columns.map(({ resource }) => {
    const part = parts.find((p) => p.resource === resource);
    return part ? decimalText(part.charged) : '-';
  });
}

export function containerTable(report: CostResponse): { header: string[]; rows: string[][] } {
  const columns = resourceColumns(report);
  const rows = report.pods.flatMap((pod) =>
    pod.containers.map((container) => [
      pod.namespace,
      pod.name,
      container.name,
      decimalText(container.hours),
      ...cells(container.resources, columns),
      decimalText(container.total),
    ]),
  );
  return { header: ['NAMESPACE', 'POD', 'CONTAINER', 'HOURS', ...header(columns), 'COST'], rows };
}

export function groupTable(
  first: string,
  groups: readonly GroupCost[],
  report: CostResponse,
): { header: string[]; rows: string[][] } {
  const columns = resourceColumns(report);
  return {
    header: [first, ...header(columns), 'COST'],
    rows: groups.map((group) => [group.name, ...cells(group.resources, columns), decimalText(group.total)]),
  };
}

export function nodeGroups(report: CostResponse): GroupCost[] {
  return [report.allocated, report.idle, report.allocatable].filter((g): g is GroupCost => g !== undefined);
}

export function summaryLines(report: CostResponse, pricesSource: string): string[][] {
  return [
    [
      'Window:',
      `${isoOf(report.start) ?? ''} to ${isoOf(report.end) ?? ''} (${decimalText(report.hours)} h)`,
    ],
    ['Prices:', `${report.currency} per unit-hour, ${pricesSource}`],
    ['Unpriced:', report.unpriced.length === 0 ? 'none' : report.unpriced.join(', ')],
  ];
}

export const CSV_HEADER = [
  'namespace',
  'pod',
  'sandbox_id',
  'container',
  'container_id',
  'start',
  'end',
  'hours',
  'resource',
  'unit',
  'requested',
  'used',
  'charged',
  'priced',
  'price',
  'cost',
  'currency',
];

const csvParts = (parts: readonly ResourceCost[], currency: string) =>
  parts.map((p) => [
    p.resource,
    p.unit,
    String(p.requested),
    String(p.used),
    String(p.charged),
    String(p.priced),
    String(p.price),
    String(p.cost),
    currency,
  ]);

export function csvRows(report: CostResponse): string[][] {
  const { currency } = report;
  const rows = report.pods.flatMap((pod) =>
    pod.containers.flatMap((c) =>
      csvParts(c.resources, currency).map((part) => [
        pod.namespace,
        pod.name,
        pod.sandboxId,
        c.name,
        c.containerId,
        isoOf(c.start) ?? '',
        isoOf(c.end) ?? '',
        String(c.hours),
        ...part,
      ]),
    ),
  );
  const idle = csvParts(report.idle?.resources ?? [], currency).map((part) => [
    IDLE,
    IDLE,
    '',
    '',
    '',
    isoOf(report.start) ?? '',
    isoOf(report.end) ?? '',
    String(report.hours),
    ...part,
  ]);
  return [...rows, ...idle];
}
