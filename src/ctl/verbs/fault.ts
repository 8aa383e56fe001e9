import fs from 'node:fs/promises';
import type { FaultRule } from '../../generated/resourceslot/v1/faults.js';
import { CtlError, UsageError } from '../errors.js';
import { print } from '../output.js';
import { text, type Verb, type VerbContext } from '../verb.js';

const USAGE = 'add RULE | add -f FILE | ls | rm ID | clear';

/** A rule as `fault ls -o json|yaml` prints it: the rule itself as a document, not as a string of JSON. */
function ruleDocument(rule: FaultRule) {
  return {
    id: rule.id,
    origin: rule.origin,
    description: rule.description,
    rule: parsedOrText(rule.ruleJson),
    hits: rule.hits,
  };
}

function parsedOrText(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

async function ruleText(argument: string | undefined, file: string | undefined): Promise<string> {
  if (argument !== undefined && file !== undefined) {
    throw new UsageError('fault add takes a RULE or -f FILE, not both');
  }
  if (file === undefined) {
    if (argument === undefined || argument.trim() === '') {
      throw new UsageError('fault add needs a RULE (YAML or JSON) or -f FILE');
    }
    return argument;
  }
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new CtlError(
      `cannot read fault rule file ${file}: ${(error as Error).message}`,
      'INVALID_ARGUMENT',
    );
  }
}

function expectArgs(args: string[], count: number): void {
  if (args.length !== count) throw new UsageError(`usage: fault ${USAGE}`);
}

export const fault: Verb = {
  name: 'fault',
  args: USAGE,
  summary: "edit the daemon's fault plan: add, list, remove or clear the rules that delay or fail calls",
  description:
    'Talks to resourceslot.v1.Faults. `add` takes one rule, as YAML or JSON (one item of a --faults file), on the\n' +
    'command line or from a file, and prints the id the daemon gave it; the daemon checks the rule and names the\n' +
    'field that is wrong. `ls` lists every rule, from --faults and added alike, with how many calls each changed.\n' +
    '`rm` removes one rule by id, `clear` every rule. A daemon without a fault plan answers UNIMPLEMENTED.',
  options: { file: { type: 'string', short: 'f' } },
  optionHelp: [['-f, --file FILE', 'with add: read the rule from FILE']],
  minArgs: 1,
  maxArgs: 2,
  defaultOutput: 'table',
  async run(context, args, values) {
    const [subcommand = '', ...rest] = args;
    const file = text(values, 'file');
    if (file !== undefined && subcommand !== 'add') throw new UsageError('-f FILE goes with fault add only');
    switch (subcommand) {
      case 'add':
        return add(context, await ruleText(rest[0], file));
      case 'ls':
        expectArgs(rest, 0);
        return list(context);
      case 'rm':
        expectArgs(rest, 1);
        await context.api.removeFaultRule(rest[0] as string);
        context.io.stdout(`Removed fault rule ${rest[0]}\n`);
        return;
      case 'clear': {
        expectArgs(rest, 0);
        const removed = await context.api.clearFaultRules();
        context.io.stdout(`Removed ${removed} fault rule${removed === 1 ? '' : 's'}\n`);
        return;
      }
      default:
        throw new UsageError(`unknown fault subcommand ${JSON.stringify(subcommand)}; usage: fault ${USAGE}`);
    }
  },
};

async function add({ api, io, output }: VerbContext, rule: string): Promise<void> {
  const added = await api.addFaultRule(rule);
  // Like runp and create, the table form is the new id alone, so a script can keep it.
  if (output === 'table') io.stdout(`${added.id}\n`);
  else print(io, output, ruleDocument(added), () => ({ header: [], rows: [] }));
}

async function list({ api, io, output }: VerbContext): Promise<void> {
  const rules = await api.listFaultRules();
  print(io, output, { items: rules.map(ruleDocument) }, () => ({
    header: ['ID', 'ORIGIN', 'HITS', 'RULE'],
    rows: rules.map((rule) => [rule.id, rule.origin, String(rule.hits), rule.description]),
  }));
}
