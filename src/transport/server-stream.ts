import { Metadata, status, type ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { StreamDrain } from './stream-drain.js';

/**
 * A client that reads slower than messages come is cut off rather than buffered without bound: a stuck client must
 * not grow the daemon's memory.
 */
export const MAX_PENDING_MESSAGES = 10_000;

/** Where a stream's source writes. */
export interface StreamSink<T> {
  /** False once the stream buffers more than it should: a source that can wait calls `whenDrained`. */
  write(message: T): boolean;
  whenDrained(then: () => void): void;
  readonly ended: boolean;
}

/** Starts feeding the sink; returns how to stop. */
export type StreamSource<T> = (sink: StreamSink<T>) => () => void;

/**
 * Serves one server-streaming call from `source` until the client cancels or disconnects, the daemon drains (the
 * stream then ends with UNAVAILABLE), or the client falls too far behind (RESOURCE_EXHAUSTED). Headers go out
 * first, so a client knows it is subscribed before the first message arrives.
 */
export function serveStream<T>(
  call: ServerWritableStream<object, T>,
  { drain, log, what, source }: { drain: StreamDrain; log: Logger; what: string; source: StreamSource<T> },
): void {
  if (drain.draining) {
    call.emit('error', shuttingDown());
    return;
  }
  let ended = false;
  let stop: () => void = () => undefined;
  const end = (error?: { code: status; details: string }): void => {
    if (ended) return;
    ended = true;
    stop();
    stopOnDrain();
    // grpc-js turns an 'error' event into the call's final status.
    if (error) call.emit('error', error);
    else call.end();
  };
  const sink: StreamSink<T> = {
    write(message) {
      if (ended) return false;
      if (call.writableLength >= MAX_PENDING_MESSAGES) {
        log.warn({ pending: call.writableLength }, `${what} client too slow; ending its stream`);
        end({ code: status.RESOURCE_EXHAUSTED, details: `${what} fell too far behind; watch again` });
        return false;
      }
      return call.write(message);
    },
    whenDrained(then) {
      call.once('drain', () => {
        if (!ended) then();
      });
    },
    get ended() {
      return ended;
    },
  };
  const stopOnDrain = drain.onDrain(() => end(shuttingDown()));
  // 'cancelled' covers a client cancel and a dropped connection; 'close' and 'error' any other way out.
  call.once('cancelled', () => end());
  call.once('close', () => end());
  call.once('error', () => end());
  call.sendMetadata(new Metadata());
  stop = source(sink);
  if (ended) stop();
}

function shuttingDown(): { code: status; details: string } {
  return { code: status.UNAVAILABLE, details: 'the daemon is shutting down' };
}
