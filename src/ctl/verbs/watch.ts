import type { ClientReadableStream } from '@grpc/grpc-js';
import YAML from 'yaml';
import type { Transition } from '../../generated/resourceslot/v1/inspect.js';
import { UsageError } from '../errors.js';
import type { CtlIo } from '../io.js';
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

/** Streams until the count is reached, the user interrupts (exit 0), or the daemon ends the stream (an error). */
function follow(stream: ClientReadableStream<Transition>, io: CtlIo, each: (t: Transition) => boolean) {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (error?: unknown): void => {
      if (done) return;
      done = true;
      io.signal?.removeEventListener('abort', interrupt);
      stream.cancel();
      if (error) reject(error);
      else resolve();
    };
    const interrupt = (): void => finish();
    io.signal?.addEventListener('abort', interrupt, { once: true });
    if (io.signal?.aborted) finish();
    stream.on('metadata', () => io.stderr('Watching transitions; interrupt to stop.\n'));
    stream.on('data', (transition: Transition) => {
      if (!done && !each(transition)) finish();
    });
    // After `finish` cancels the call, the CANCELLED error that follows is ignored like any late event.
    stream.on('error', (error: unknown) => finish(error));
    stream.on('end', () => finish());
  });
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
    await follow(api.watch(), io, (transition) => {
      io.stdout(render(transition, output, noTrunc));
      seen += 1;
      return seen < count;
    });
  },
};
