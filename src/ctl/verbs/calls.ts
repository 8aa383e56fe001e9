import YAML from 'yaml';
import type { CallFilter, CallRecord } from '../../generated/resourceslot/v1/inspect.js';
import { CALL_HEADER, callCells, callDocument, followLine } from '../calls-view.js';
import { UsageError } from '../errors.js';
import { follow } from '../follow.js';
import { print } from '../output.js';
import { flag, text, type OptionValues, type Verb, type VerbContext } from '../verb.js';

function filterOf(values: OptionValues): CallFilter {
  return {
    sandboxId: text(values, 'sandbox') ?? '',
    containerId: text(values, 'container') ?? '',
    method: text(values, 'method') ?? '',
  };
}

function afterSeqOf(values: OptionValues): number {
  const after = text(values, 'after');
  if (after === undefined) return 0;
  if (!/^\d+$/.test(after))
    throw new UsageError(`--after must be a call's SEQ, got ${JSON.stringify(after)}`);
  return Number(after);
}

export const calls: Verb = {
  name: 'calls',
  args: '',
  summary: 'the Controller and Task calls the daemon answered: ids, status code, duration, injected fault',
  description:
    'Reads resourceslot.v1.Inspect.ListCalls: the calls the daemon still holds (its last --call-log-size), oldest\n' +
    'first. --sandbox and --container take an id or its start (the calls of a removed pod stay in the log, so\n' +
    'ids are not resolved against live ones); --method a bare method (Start) or one of a service (Task.Start).\n' +
    'When older calls are no longer held a line on stderr says so. --follow prints the held calls, then each\n' +
    'call as it is answered, until interrupted; -o json then prints one JSON object per line.',
  options: {
    follow: { type: 'boolean', short: 'f' },
    sandbox: { type: 'string' },
    container: { type: 'string' },
    method: { type: 'string' },
    after: { type: 'string' },
    'no-trunc': { type: 'boolean' },
  },
  optionHelp: [
    ['-f, --follow', 'keep printing calls as the daemon answers them'],
    ['--sandbox ID', 'only the calls of this pod sandbox (id or its start)'],
    ['--container ID', 'only the calls of this container (id or its start)'],
    ['--method M', 'only this method: Start, or Task.Start for one service'],
    ['--after SEQ', 'only calls after this one'],
    ['--no-trunc', 'print whole ids'],
  ],
  minArgs: 0,
  maxArgs: 0,
  defaultOutput: 'table',
  async run(context, _args, values) {
    const request = { afterSeq: afterSeqOf(values), filter: filterOf(values) };
    const noTrunc = flag(values, 'no-trunc');
    if (flag(values, 'follow')) return followCalls(context, request, noTrunc);
    const { api, io, output } = context;
    const answer = await api.listCalls({ ...request, limit: 0 });
    const missed = answer.oldestSeq - request.afterSeq - 1;
    if (missed > 0) {
      io.stderr(`${missed} earlier call${missed === 1 ? ' is' : 's are'} no longer held (--call-log-size)\n`);
    }
    const document = {
      oldestSeq: answer.oldestSeq,
      nextAfterSeq: answer.nextAfterSeq,
      items: answer.calls.map(callDocument),
    };
    print(io, output, document, () => ({
      header: CALL_HEADER,
      rows: answer.calls.map((record) => callCells(record, noTrunc)),
    }));
  },
};

async function followCalls(
  { api, io, output }: VerbContext,
  request: { afterSeq: number; filter: CallFilter },
  noTrunc: boolean,
): Promise<void> {
  if (output === 'table') io.stdout(followLine(CALL_HEADER, noTrunc));
  await follow(api.watchCalls(request), io, 'Following calls; interrupt to stop.\n', (record: CallRecord) => {
    if (output === 'json') io.stdout(JSON.stringify(callDocument(record)) + '\n');
    else if (output === 'yaml') io.stdout('---\n' + YAML.stringify(callDocument(record)));
    else io.stdout(followLine(callCells(record, noTrunc), noTrunc));
    return true;
  });
}
