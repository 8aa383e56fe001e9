import YAML from 'yaml';
import { UsageError } from './errors.js';
import type { CtlIo } from './io.js';
import { renderCsv } from './csv.js';
import { renderTable } from './table.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
/** csv only where a verb says so (Verb.outputs): the table of most verbs is not one record per line. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number] | 'csv';

export function parseOutputFormat(
  value: string,
  allowed: readonly OutputFormat[] = OUTPUT_FORMATS,
): OutputFormat {
  const format = allowed.find((known) => known === value);
  if (!format)
    throw new UsageError(`--output must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return format;
}

/** Prints `data` as JSON or YAML, or as the table `toTable` builds from it (aligned, or as CSV). */
export function print(
  io: CtlIo,
  format: OutputFormat,
  data: unknown,
  toTable: () => { header: string[]; rows: string[][] },
): void {
  if (format === 'json') io.stdout(JSON.stringify(data, null, 2) + '\n');
  else if (format === 'yaml') io.stdout(YAML.stringify(data));
  else {
    const { header, rows } = toTable();
    io.stdout(format === 'csv' ? renderCsv(header, rows) : renderTable(header, rows));
  }
}

/** `Key: value` lines with the values aligned, for the table form of a single object. */
export function keyValueTable(pairs: Array<[string, string]>): { header: string[]; rows: string[][] } {
  return { header: [], rows: pairs.map(([key, value]) => [`${key}:`, value]) };
}
