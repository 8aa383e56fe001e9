import { GLOBAL_OPTION_HELP, PROGRAM } from './args.js';
import type { Verb } from './verb.js';
import { VERBS } from './verbs/index.js';

function optionLines(options: Array<[string, string]>): string[] {
  const width = Math.max(...options.map(([flag]) => flag.length));
  return options.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
}

export function programHelp(): string {
  const width = Math.max(...VERBS.map((verb) => verb.name.length));
  return [
    `Usage: ${PROGRAM} [global options] VERB [options] [args]`,
    '',
    'Drives and inspects a resource-slot-sandboxer daemon over its sockets, with crictl-style verbs and',
    "crictl's pod and container config files (YAML or JSON, snake_case keys). Ids may be unique prefixes.",
    'The calls verb shows the calls the daemon answered; fault edits the rules that delay or fail them.',
    '',
    'Verbs:',
    ...VERBS.map((verb) => `  ${verb.name.padEnd(width)}  ${verb.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTION_HELP),
    '',
    `Run '${PROGRAM} VERB --help' for a verb's options. Exit status: 0 on success, 1 when a call fails`,
    '(the gRPC code and message are printed), 2 on a usage error.',
    '',
  ].join('\n');
}

export function verbHelp(verb: Verb): string {
  const options = Object.keys(verb.options).length > 0 ? ' [options]' : '';
  const args = verb.args ? ' ' + verb.args : '';
  // A global option the verb also has (stop --timeout) is only the global one before the verb.
  const globals = GLOBAL_OPTION_HELP.map(([flag, text]): [string, string] => {
    const long = /--([a-z-]+)/.exec(flag)?.[1] ?? '';
    return long in verb.options ? [flag, `${text}; give it before the verb`] : [flag, text];
  });
  return [
    `Usage: ${PROGRAM} [global options] ${verb.name}${options}${args}`,
    '',
    verb.summary.charAt(0).toUpperCase() + verb.summary.slice(1) + '.',
    ...(verb.description ? ['', verb.description] : []),
    ...(verb.optionHelp.length > 0 ? ['', 'Options:', ...optionLines(verb.optionHelp)] : []),
    '',
    'Global options:',
    ...optionLines(globals),
    '',
  ].join('\n');
}
