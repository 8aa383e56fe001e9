/**
 * What every entry point's command line shares: the daemon's program name and default socket (the sub-commands and
 * resource-slot-ctl name and find it), the usage-error exit status, and node's `parseArgs` errors in our wording.
 */
import { quote } from './quote.js';

export const PROGRAM_NAME = 'resource-slot-sandboxer';

/** Exit status for an unknown flag, a bad value or a stray argument. */
export const exitCodeForUsageError = 2;

/** The daemon's Controller socket unless --listen says otherwise. */
export const DEFAULT_LISTEN = '/run/resource-slot-sandboxer.sock';

/** Turns node's (sometimes multi-line) `parseArgs` errors into our one-line wording. */
export function describeParseError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = /^Unknown option '(.*?)'(?:\. To specify a positional|$)/s.exec(message)?.[1];
    if (name !== undefined) return `unknown option ${quote(name)} (see --help)`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const match =
      /^Option '(.*?)(?: <value>)?' (argument missing|does not take an argument|argument is ambiguous)/s.exec(
        message,
      );
    const [, spelled, problem] = match ?? [];
    // node spells an option that has a short alias as '-h, --help'; name the long form.
    const flag = spelled?.split(', ').at(-1);
    if (flag !== undefined && problem === 'does not take an argument') {
      return `option ${quote(flag)} takes no value (see --help)`;
    }
    if (flag !== undefined && problem === 'argument is ambiguous') {
      return `option ${quote(flag)} is missing its value (write a value that starts with '-' as ${flag}=VALUE)`;
    }
    if (flag !== undefined) return `option ${quote(flag)} needs a value (see --help)`;
  }
  return `${message.split('\n')[0] ?? message} (see --help)`;
}
