import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { CallLog } from '../calls/call-log.js';
import type { UsageHistory } from '../history/usage-history.js';
import type { LiveView } from './live-view.js';
import { recentCalls } from './recent-calls.js';

/** A client further behind than this is cut off rather than buffered without bound; EventSource reconnects. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const KEEP_ALIVE_MS = 15_000;

/**
 * `GET /api/events`: Server-Sent Events. The first message (`actors`) is a snapshot of every live actor, the second
 * (`calls`) the newest calls answered; then one `transition` message per state change, with `id:` set to its
 * sequence number, one `call` message per call answered, and one `history` message per usage history pass. Closing the connection
 * unsubscribes.
 */
export function streamEvents(
  request: IncomingMessage,
  response: ServerResponse,
  view: LiveView,
  calls: CallLog,
  log: Logger,
  history?: UsageHistory,
): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  const send = (text: string): void => {
    if (response.writableLength > MAX_BUFFERED_BYTES) {
      log.warn(
        { remote: request.socket.remoteAddress },
        'debug event stream client fell behind; disconnecting it',
      );
      response.destroy();
      return;
    }
    response.write(text);
  };
  send(`retry: 2000\nevent: actors\ndata: ${JSON.stringify(view.snapshot())}\n\n`);
  send(`event: calls\ndata: ${JSON.stringify(recentCalls(calls))}\n\n`);
  const unsubscribe = view.subscribe((transition) =>
    send(`id: ${transition.seq}\nevent: transition\ndata: ${JSON.stringify(transition)}\n\n`),
  );
  // No `id:`: a reconnecting EventSource sends the last id it saw, and that must stay a transition's.
  const unsubscribeCalls = calls.subscribe((entry) =>
    send(`event: call\ndata: ${JSON.stringify(entry)}\n\n`),
  );
  // Only the pass's time: the page asks /api/history for the samples after the last it holds.
  const unsubscribeHistory = history?.subscribe((atMs) =>
    send(`event: history\ndata: ${JSON.stringify({ atMs })}\n\n`),
  );
  const keepAlive = setInterval(() => send(': keep-alive\n\n'), KEEP_ALIVE_MS).unref();
  response.once('close', () => {
    unsubscribe();
    unsubscribeCalls();
    unsubscribeHistory?.();
    clearInterval(keepAlive);
  });
}
