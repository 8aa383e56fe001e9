import YAML from 'yaml';
import type { Transition } from '../../generated/resourceslot/v1/inspect.js';
import { UsageError } from '../errors.js';
import { follow } from '../follow.js';
import type { OutputFormat } from '../output.js';
import { isoOf } from '../time.js';
import { shortId } from '../units.js';
import { flag, text, type Verb } from '../verb.js';

/** Widths that keep the columns of consecutive lines aligned: the longest state and event names. */
const STATE_WIDTH = 'running'.length;
const EVENT_WIDTH = 'xstate.init'.length;

/** The line a transition prints as in table form: time, kind, id, from -> to, event, and the owner. */
export function transitionLine(transition: Transition, noTrunc: boolean): string {
  const owner =
    transition.parent === ''
      ? ''
      : `  (${transition.kind === 'exec' ? 'container' : 'pod'} ${shortId(transition.parent, noTrunc)})`;
  const from = transition.fromState || '(new)';
  return (
    `${isoOf(transition.time) ?? '-'}  ${transition.kind.padEnd(9)}  ${shortId(transition.actorId, noTrunc)}  ` +
    `${from.padEnd(STATE_WIDTH)} -> ${transition.toState.padEnd(STATE_WIDTH)}  ${transition.event.padEnd(EVENT_WIDTH)}${owner}`.trimEnd()
  );
}

function transitionDocument(transition: Transition) {
  return {
    time: isoOf(transition.time),
    kind: transition.kind,
    id: transition.actorId,
    parent: transition.parent || null,
    from: transition.fromState || null,
    to: transition.toState,
    event: transition.event,
  };
}

function render(transition: Transition, format: OutputFormat, noTrunc: boolean): string {
  if (format === 'json') return JSON.stringify(transitionDocument(transition)) + '\n';
  if (format === 'yaml') return '---\n' + YAML.stringify(transitionDocument(transition));
  return transitionLine(transition, noTrunc) + '\n';
}

export const watch: Verb = {
  name: 'watch',
  args: '',
  summary: 'stream state transitions of every sandbox, container and exec as they happen',
  description:
    'Follows resourceslot.v1.Inspect.Watch until interrupted (Ctrl-C). Table form prints one line per\n' +
    'transition; json prints one JSON object per line; yaml one document per transition. A line on stderr says\n' +
    'when the subscription is in place.',
  options: { count: { type: 'string', short: 'n' }, 'no-trunc': { type: 'boolean' } },
  optionHelp: [
    ['-n, --count N', 'exit after N transitions'],
    ['--no-trunc', 'print whole ids'],
  ],
  minArgs: 0,
  maxArgs: 0,
  defaultOutput: 'table',
  async run({ api, io, output }, _args, values) {
    const countText = text(values, 'count');
    const count = countText === undefined ? Infinity : Number(countText);
    if (countText !== undefined && (!/^\d+$/.test(countText) || count < 1)) {
      throw new UsageError(`--count must be a positive whole number, got ${JSON.stringify(countText)}`);
    }
    const noTrunc = flag(values, 'no-trunc');
    let seen = 0;
    await follow(api.watch(), io, 'Watching transitions; interrupt to stop.\n', (transition) => {
      io.stdout(render(transition, output, noTrunc));
      seen += 1;
      return seen < count;
    });
  },
};
