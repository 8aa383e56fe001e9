import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_LISTEN } from '../process/argv.js';
import { defaultBundleDir } from './bundle.js';
import { UsageError } from './errors.js';
import { OUTPUT_FORMATS, parseOutputFormat, type OutputFormat } from './output.js';
import type { OptionValues, Verb, VerbOptions } from './verb.js';
import { VERBS } from './verbs/index.js';

export const PROGRAM = 'resource-slot-ctl';
export const DEFAULT_TIMEOUT_SECONDS = 10;

export const GLOBAL_OPTIONS = {
  socket: { type: 'string' },
  'task-socket': { type: 'string' },
  output: { type: 'string', short: 'o' },
  timeout: { type: 'string' },
  'bundle-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies VerbOptions;

export const GLOBAL_OPTION_HELP: Array<[string, string]> = [
  ['--socket PATH', `the daemon's Controller socket (default ${DEFAULT_LISTEN})`],
  ['--task-socket PATH', "the task API socket (default: the address the pod's Status reports)"],
  [
    '-o, --output FORMAT',
    `${OUTPUT_FORMATS.join('|')} (default: table; json for inspect and inspectp; csv too for cost and plan)`,
  ],
  ['--timeout SECONDS', `deadline of each call to the daemon (default ${DEFAULT_TIMEOUT_SECONDS})`],
  ['--bundle-dir DIR', 'where create writes bundles (default <dir of --socket>/resource-slot-ctl/bundles)'],
  ['-h, --help', 'print help (for a verb: VERB --help)'],
];

export interface GlobalSettings {
  socket: string;
  taskSocket: string | undefined;
  output: OutputFormat | undefined;
  timeoutMs: number;
  bundleDir: string;
}

export type Invocation =
  | { kind: 'help'; verb: Verb | null }
  | { kind: 'run'; verb: Verb; settings: GlobalSettings; positionals: string[]; values: OptionValues };

const takesValue = (name: string): boolean =>
  Object.entries(GLOBAL_OPTIONS).some(
    ([long, spec]) =>
      spec.type === 'string' && (name === `--${long}` || ('short' in spec && name === `-${spec.short}`)),
  );

/** Index of the verb: the first argument that is neither a global option nor its value. */
function verbIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (!arg.startsWith('-') || arg === '-') return i;
    if (!arg.includes('=') && takesValue(arg)) i++;
  }
  return -1;
}

function parse(args: string[], options: VerbOptions, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] as string);
  }
}

/**
 * `[global options] VERB [options] [args]`. Global options are accepted after the verb too, except where the
 * verb has an option of the same name (`stop --timeout` is stop's grace period; put the call deadline first).
 */
export function parseInvocation(argv: string[], cwd = process.cwd()): Invocation {
  const index = verbIndex(argv);
  const before = index < 0 ? argv : argv.slice(0, index);
  const leading = parse(
    before.filter((arg) => arg !== '--'),
    GLOBAL_OPTIONS,
    false,
  ).values as OptionValues;
  if (index < 0) {
    if (leading['help'] === true) return { kind: 'help', verb: null };
    throw new UsageError(`a verb is required; see ${PROGRAM} --help`);
  }
  const name = argv[index] as string;
  if (name === 'help') {
    const topic = argv[index + 1];
    return { kind: 'help', verb: topic === undefined ? null : findVerb(topic) };
  }
  const verb = findVerb(name);
  const parsed = parse(argv.slice(index + 1), { ...GLOBAL_OPTIONS, ...verb.options }, true);
  const trailing = parsed.values as OptionValues;
  if (leading['help'] === true || trailing['help'] === true) return { kind: 'help', verb };
  const global = (key: keyof typeof GLOBAL_OPTIONS): string | undefined => {
    const value = key in verb.options ? leading[key] : (trailing[key] ?? leading[key]);
    return typeof value === 'string' ? value : undefined;
  };
  const { positionals } = parsed;
  if (positionals.length < verb.minArgs || positionals.length > verb.maxArgs) {
    throw new UsageError(
      `usage: ${PROGRAM} ${verb.name}${verb.args ? ' ' + verb.args : ''} (see ${PROGRAM} ${verb.name} --help)`,
    );
  }
  const socket = path.resolve(cwd, global('socket') ?? DEFAULT_LISTEN);
  const taskSocket = global('task-socket');
  const output = global('output');
  const bundleDir = global('bundle-dir');
  return {
    kind: 'run',
    verb,
    positionals,
    values: trailing,
    settings: {
      socket,
      taskSocket: taskSocket === undefined ? undefined : path.resolve(cwd, taskSocket),
      output: output === undefined ? undefined : parseOutputFormat(output, verb.outputs),
      timeoutMs: parseTimeout(global('timeout')),
      bundleDir: bundleDir === undefined ? defaultBundleDir(socket) : path.resolve(cwd, bundleDir),
    },
  };
}

function findVerb(name: string): Verb {
  const verb = VERBS.find((candidate) => candidate.name === name);
  if (!verb)
    throw new UsageError(
      `unknown verb ${JSON.stringify(name)}; verbs: ${VERBS.map((v) => v.name).join(', ')}`,
    );
  return verb;
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, got ${JSON.stringify(value)}`);
  }
  return seconds * 1000;
}
