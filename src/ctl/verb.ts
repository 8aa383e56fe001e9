import type { ParseArgsConfig } from 'node:util';
import type { DaemonApi } from './daemon-api.js';
import type { CtlIo } from './io.js';
import type { OutputFormat } from './output.js';

export type VerbOptions = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

/** Everything a verb needs: the daemon, where to print, and the global settings. */
export interface VerbContext {
  api: DaemonApi;
  io: CtlIo;
  /** --output, or the verb's default. */
  output: OutputFormat;
  /** Where `create` writes bundles (and `rm`/`rmp` remove them). */
  bundleDir: string;
  timeoutMs: number;
  now(): number;
}

export interface Verb {
  name: string;
  /** Positional arguments as the usage line shows them, e.g. "POD_ID CONTAINER_CONFIG". */
  args: string;
  summary: string;
  /** Longer help text, printed under the usage line. */
  description?: string;
  options: VerbOptions;
  /** One line per option, e.g. ["-a, --all", "show containers in every state"]. */
  optionHelp: Array<[string, string]>;
  minArgs: number;
  maxArgs: number;
  defaultOutput: OutputFormat;
  /** The --output formats it prints; absent: table, json and yaml. */
  outputs?: readonly OutputFormat[];
  run(context: VerbContext, positionals: string[], values: OptionValues): Promise<void>;
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

export function text(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
