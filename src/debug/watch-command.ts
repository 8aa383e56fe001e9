import http from 'node:http';
import { parseArgs } from 'node:util';
import { describeParseError, exitCodeForUsageError, PROGRAM_NAME } from '../process/argv.js';
import { quote } from '../process/quote.js';
import type { ActorsSnapshot, TransitionView } from './live-view.js';
import { SseParser } from './sse-parser.js';
import { actorLine, transitionLine } from './transition-line.js';

export type WatchArgs =
  { kind: 'run'; eventsUrl: URL } | { kind: 'help'; text: string } | { kind: 'error'; message: string };

export function watchHelpText(): string {
  return [
    `Usage: ${PROGRAM_NAME} watch --debug-url http://127.0.0.1:<port>`,
    '',
    'Prints the live actors of a daemon started with --debug-listen, then every transition as it happens,',
    'one line each, read from its /api/events stream. Ends on Ctrl-C, or with status 1 when the daemon goes away.',
    '',
    '  --debug-url <url>  the daemon debug server (the address given to --debug-listen)',
    '  -h, --help         print this help, then exit',
    '',
  ].join('\n');
}

export function parseWatchArgs(argv: string[]): WatchArgs {
  const error = (detail: string): WatchArgs => ({
    kind: 'error',
    message: `${PROGRAM_NAME} watch: ${detail}`,
  });
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'debug-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return error(describeParseError(err));
  }
  if (values.help === true) return { kind: 'help', text: watchHelpText() };
  const text = values['debug-url'];
  if (text === undefined) return error('--debug-url is required (the address given to --debug-listen)');
  let base: URL;
  try {
    base = new URL(/^[a-z]+:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return error(`--debug-url is not a URL: ${quote(text)}`);
  }
  if (base.protocol !== 'http:') return error(`--debug-url must be an http:// URL, got ${quote(text)}`);
  return { kind: 'run', eventsUrl: new URL('/api/events', base) };
}

/** `resource-slot-sandboxer watch …`: streams transitions as lines until interrupted; returns the exit status. */
export async function watchCommand(argv: string[]): Promise<number> {
  const parsed = parseWatchArgs(argv);
  switch (parsed.kind) {
    case 'error':
      process.stderr.write(parsed.message + '\n');
      return exitCodeForUsageError;
    case 'help':
      process.stdout.write(parsed.text);
      return 0;
  }
  return new Promise<number>((resolve) => {
    let settled = false;
    const finish = (status: number) => {
      settled = true;
      resolve(status);
    };
    const fail = (message: string) => {
      if (settled) return;
      process.stderr.write(`${PROGRAM_NAME} watch: ${message}\n`);
      finish(1);
    };
    const request = http.get(parsed.eventsUrl, { headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200 || !response.headers['content-type']?.startsWith('text/event-stream')) {
        response.resume();
        return fail(`${parsed.eventsUrl.href} answered ${response.statusCode}, not an event stream`);
      }
      // On stderr, so stdout carries nothing but actor and transition lines.
      process.stderr.write(`${PROGRAM_NAME} watch: connected to ${parsed.eventsUrl.href}\n`);
      const parser = new SseParser();
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        for (const message of parser.push(chunk)) printMessage(message.event, message.data);
      });
      // 'close', not 'end': a daemon that stops cuts the connection, and a cut stream never ends.
      response.once('close', () => fail('the daemon closed the event stream'));
      response.on('error', () => fail('the daemon closed the event stream'));
    });
    request.on('error', (error) => fail(`cannot read ${parsed.eventsUrl.href}: ${error.message}`));
    const stop = () => {
      finish(0);
      request.destroy();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // `watch … | head` closes stdout early: that is a normal way to stop.
    process.stdout.once('error', stop);
  });
}

function printMessage(event: string, data: string): void {
  if (event === 'actors') {
    const snapshot = JSON.parse(data) as ActorsSnapshot;
    for (const actor of snapshot.actors) process.stdout.write(actorLine(actor, snapshot.time) + '\n');
  } else if (event === 'transition') {
    process.stdout.write(transitionLine(JSON.parse(data) as TransitionView) + '\n');
  }
}
