/**
 * Command line of `resource-slot-conformance`. Pure: the caller prints help, or the one-line error and exits
 * with `USAGE_EXIT_CODE`.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TaskSocketMode } from './task-endpoint.js';

export const CONFORMANCE_PROGRAM = 'resource-slot-conformance';
export const USAGE_EXIT_CODE = 2;
export const DEFAULT_SANDBOXER = 'resource-slot-conformance';
export const REPORT_FORMATS = ['text', 'json', 'tap'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ConformanceOptions {
  socket: string;
  taskSocket: TaskSocketMode;
  sandboxer: string;
  /** Check-name globs; empty means every check. */
  only: string[];
  format: ReportFormat;
  list: boolean;
  /** The fault plan file to install in the sandboxer for the run (absent: no faults, no `faults.*` checks). */
  faults?: string;
}

export type ParsedConformanceArgs =
  | { kind: 'run'; options: ConformanceOptions }
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string };

export function conformanceHelp(): string {
  return [
    `Usage: ${CONFORMANCE_PROGRAM} --socket <path> [options]`,
    '',
    "Checks a containerd sandboxer (containerd.services.sandbox.v1.Controller over gRPC) against containerd's",
    'contract: it creates its own uniquely named sandboxes, prints one line per check (pass, fail or skip, and',
    'why), removes everything it created, and exits 1 if any check failed.',
    '',
    'Options:',
    "  --socket <path>         the sandboxer's Controller socket (required)",
    '  --task-socket <path>|auto',
    '                          where to reach the task API (gRPC): auto (default) dials the address Start',
    '                          returns; task checks are skipped when there is none',
    `  --sandboxer <name>      the sandboxer name sent with each call (default: ${DEFAULT_SANDBOXER})`,
    '  --only <glob>           run only checks whose name matches (* and ?; repeat or separate with commas)',
    `  --format <format>       ${REPORT_FORMATS.join('|')} (default: text)`,
    "  --faults <plan.yaml>    install this fault plan (the daemon's --faults format) in the sandboxer through",
    '                          resourceslot.v1.Faults for the run, retry calls that fail by injection (5 tries)',
    '                          once Status/State show they changed nothing, and add the faults.* checks;',
    '                          the rules are removed at the end, also on failure or interrupt',
    '  --list                  print the check names and exit',
    '  -h, --help              print this help and exit',
    '',
    `Exit status: 0 when nothing failed, 1 when a check failed or cleanup did, or the sandboxer cannot take the`,
    `fault plan, ${USAGE_EXIT_CODE} on a usage error (a --faults file that is not a list of rules included).`,
    '',
  ].join('\n');
}

function usageError(detail: string): ParsedConformanceArgs {
  return { kind: 'error', message: `${CONFORMANCE_PROGRAM}: ${detail}` };
}

export function parseConformanceArgs(argv: string[], cwd: string = process.cwd()): ParsedConformanceArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        socket: { type: 'string' },
        'task-socket': { type: 'string' },
        sandboxer: { type: 'string' },
        only: { type: 'string', multiple: true },
        format: { type: 'string' },
        list: { type: 'boolean' },
        faults: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return usageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help', text: conformanceHelp() };
  if (positionals.length > 0) return usageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (values.socket === undefined && values.list !== true) return usageError('--socket <path> is required');
  for (const flag of ['socket', 'task-socket', 'sandboxer', 'format', 'faults'] as const) {
    if (values[flag]?.trim() === '') return usageError(`--${flag} must not be empty`);
  }
  const format = values.format ?? 'text';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    return usageError(`--format must be one of ${REPORT_FORMATS.join('|')}, got ${JSON.stringify(format)}`);
  }
  const taskSocket = values['task-socket'] ?? 'auto';
  const only = (values.only ?? []).flatMap((globs) => globs.split(',')).map((glob) => glob.trim());
  if (only.some((glob) => glob === '')) return usageError('--only must not contain an empty glob');
  return {
    kind: 'run',
    options: {
      socket: resolve(cwd, values.socket ?? '.'),
      taskSocket: taskSocket === 'auto' ? { kind: 'auto' } : { kind: 'path', path: resolve(cwd, taskSocket) },
      sandboxer: values.sandboxer ?? DEFAULT_SANDBOXER,
      only,
      format: format as ReportFormat,
      list: values.list === true,
      ...(values.faults === undefined ? {} : { faults: resolve(cwd, values.faults) }),
    },
  };
}
