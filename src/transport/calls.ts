import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { CallLog } from '../calls/call-log.js';
import { callMatcher } from '../calls/filter.js';
import type { CallEntry } from '../calls/types.js';
import type {
  CallFilter,
  CallRecord,
  ListCallsRequest,
  ListCallsResponse,
  WatchCallsRequest,
} from '../generated/resourceslot/v1/inspect.js';
import { toTimestamp } from '../sandbox/time.js';
import { serveStream } from './server-stream.js';
import type { StreamDrain } from './stream-drain.js';
import type { unaryHandler } from './unary.js';

/** Calls replayed per turn before WatchCalls checks whether the client keeps up. */
const REPLAY_BATCH = 256;

/** Inspect's ListCalls and WatchCalls, read from the daemon's call log. */
export function callsHandlers({
  calls,
  drain,
  log,
  unary,
}: {
  calls: CallLog;
  drain: StreamDrain;
  log: Logger;
  unary: ReturnType<typeof unaryHandler>;
}) {
  return {
    listCalls: unary('ListCalls', async (request: ListCallsRequest): Promise<ListCallsResponse> => {
      const limit = request.limit === 0 ? calls.capacity : request.limit;
      const found = calls.since(request.afterSeq, limit, matcherOf(request.filter));
      // Cut short by the limit: the rest follows the last one returned. Otherwise every held call was looked at.
      const last = found.length === limit ? found[found.length - 1] : undefined;
      return {
        calls: found.map(callRecordOf),
        oldestSeq: calls.oldestSeq,
        nextAfterSeq: last?.seq ?? calls.lastSeq,
      };
    }),

    watchCalls: (call: ServerWritableStream<WatchCallsRequest, CallRecord>) => {
      const match = matcherOf(call.request.filter);
      serveStream(call, {
        drain,
        log,
        what: 'WatchCalls',
        source: (sink) => {
          // The replay reads the ring by seq, so calls recorded while it waits for the client are read there too,
          // in order; live calls are written as they come only once the replay has caught up.
          let sent = call.request.afterSeq;
          let live = false;
          const replay = (): void => {
            for (;;) {
              const batch = calls.since(sent, REPLAY_BATCH, (entry) => {
                sent = entry.seq;
                return match(entry);
              });
              let full = false;
              for (const entry of batch) full = !sink.write(callRecordOf(entry)) || full;
              if (sink.ended) return;
              if (full) return sink.whenDrained(replay);
              if (sent >= calls.lastSeq) break;
            }
            live = true;
          };
          const unsubscribe = calls.subscribe((entry) => {
            if (live && match(entry)) sink.write(callRecordOf(entry));
          });
          replay();
          return unsubscribe;
        },
      });
    },
  };
}

function matcherOf(filter: CallFilter | undefined): (entry: CallEntry) => boolean {
  return callMatcher(filter ?? { sandboxId: '', containerId: '', method: '' });
}

function callRecordOf(entry: CallEntry): CallRecord {
  return {
    seq: entry.seq,
    time: toTimestamp(entry.atMs),
    service: entry.service,
    method: entry.method,
    sandboxId: entry.sandboxId,
    containerId: entry.containerId,
    execId: entry.execId,
    code: entry.code,
    fault: entry.fault,
    durationMillis: entry.durationMs,
  };
}
