/**
 * The task relay's handling of one call: read the caller's request, send it to the daemon's own task socket and pass
 * the daemon's answer back byte for byte (headers, body, trailers), at the HTTP/2 level. Nothing is decoded; the
 * relay only decides when a call may wait for, or be repeated against, a daemon that is restarting.
 *
 * Why not a grpc-js server and client: on a real node containerd polls each container's Stats one call at a time,
 * and a grpc-js server plus client per call cost about twice the CPU of forwarding the HTTP/2 stream
 * (docs/performance.md, figure 8).
 */
import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import type { Logger } from 'pino';
import { MAX_RECEIVE_MESSAGE_BYTES } from '../transport/limits.js';
import { GrpcCode, parseGrpcTimeout, statusOnlyHeaders, withoutPseudoHeaders } from './grpc-wire.js';
import { CallCancel, pause, type GiveUp } from './call-cancel.js';
import type { UpstreamAnswer, UpstreamConnection, UpstreamOutcome } from './upstream-connection.js';
import type { UpstreamWatch } from './upstream-watch.js';

const TASK_SERVICE_PATH = '/containerd.task.v3.Task/';

/**
 * Calls whose repetition changes nothing. When the daemon drops one (it stops, or dies), the relay asks again once
 * the daemon is back; containerd never learns of the restart. Every other call is sent at most once: it waits for the
 * daemon to accept connections, but a call lost mid-flight is answered UNAVAILABLE, since it may have taken effect.
 */
const REPEATABLE_TASK_METHODS: ReadonlySet<string> = new Set(['State', 'Pids', 'Stats', 'Connect', 'Wait']);

/** A gRPC message travels behind a 5-byte header (compressed flag, length). */
const LARGEST_REQUEST_BYTES = MAX_RECEIVE_MESSAGE_BYTES + 5;

/** Between repeats of a dropped call, so a draining daemon is not asked in a tight loop. */
const REPEAT_DELAY_MS = 100;

/** Headers of one hop that are not the caller's metadata (its deadline is sent anew). */
const HOP_HEADERS = new Set(['grpc-timeout', 'content-length', 'connection', 'keep-alive', 'host']);

export interface ForwardingOptions {
  upstream: UpstreamConnection;
  watch: UpstreamWatch;
  /** The longest a call waits for the daemon to come back (the relay's grace period). */
  graceMs: number;
  log: Logger;
  /** Given when the relay gives up on the daemon: every call still waiting is answered UNAVAILABLE (the reason). */
  giveUp: GiveUp;
}

type Reply = UpstreamAnswer | { kind: 'status'; code: number; message: string };

/** Serves one stream of the relay's socket. */
export function forwardStream(
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  options: ForwardingOptions,
): void {
  const callerGone = new CallCancel();
  stream.on('error', () => undefined); // a caller that reset its stream: 'close' follows
  stream.once('close', () => callerGone.cancel());
  const body: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= LARGEST_REQUEST_BYTES) body.push(chunk);
  });
  stream.once('end', () => {
    if (size > LARGEST_REQUEST_BYTES) {
      const message = `request of ${size} bytes is larger than the ${MAX_RECEIVE_MESSAGE_BYTES} bytes allowed`;
      return reply(stream, { kind: 'status', code: GrpcCode.RESOURCE_EXHAUSTED, message });
    }
    void forwardUntilAnswered(headers, Buffer.concat(body), callerGone, options).then(
      (answer) => answer && reply(stream, answer),
    );
  });
}

async function forwardUntilAnswered(
  headers: IncomingHttpHeaders,
  body: Buffer,
  callerGone: CallCancel,
  { upstream, watch, graceMs, log, giveUp }: ForwardingOptions,
): Promise<Reply | undefined> {
  const path = String(headers[':path']);
  const repeatable =
    path.startsWith(TASK_SERVICE_PATH) && REPEATABLE_TASK_METHODS.has(path.slice(TASK_SERVICE_PATH.length));
  const callerDeadline = Date.now() + (parseGrpcTimeout(headers['grpc-timeout']) ?? Infinity);
  const metadata = withoutPseudoHeaders(headers, HOP_HEADERS);
  // Cancelled by the caller's going away (the stream's own cancel) or by the relay giving up (tracked below).
  const untrack = giveUp.track(callerGone);
  try {
    for (;;) {
      if (giveUp.given) return unavailable(String(giveUp.reason));
      if (callerGone.cancelled) return undefined;
      // Our own deadline bounds how long a call waits for a daemon that is not there; it never outlives the caller's.
      const deadline = Math.min(callerDeadline, Date.now() + graceMs);
      const outcome: UpstreamOutcome = await upstream.send({
        path,
        headers: metadata,
        body,
        deadline,
        cancel: callerGone,
      });
      if (giveUp.given) return unavailable(String(giveUp.reason));
      if (callerGone.cancelled) return undefined;
      if (outcome.kind === 'answer' && outcome.code === GrpcCode.OK) {
        watch.record(true);
        return outcome;
      }
      const callerOutOfTime = Date.now() >= callerDeadline;
      const daemonGoneTooLong = watch.downForMs() > graceMs;
      if (outcome.kind === 'loss' && !outcome.sent && outcome.code !== GrpcCode.DEADLINE_EXCEEDED) {
        // Refused before the daemon read it: sending it again is safe for any call.
        if (callerOutOfTime || daemonGoneTooLong)
          return unavailable(`the ResourceSlot daemon refused ${path}`);
        await pause(REPEAT_DELAY_MS, callerGone);
        continue;
      }
      if (outcome.code === GrpcCode.DEADLINE_EXCEEDED && !callerOutOfTime) {
        // Our deadline, not the caller's: a repeatable call (a long Wait) simply asks again; any other call was
        // either never sent (the daemon stayed away) or is still unanswered, and the caller must hear why.
        if (repeatable && !daemonGoneTooLong) continue;
        return unavailable(`the ResourceSlot daemon did not answer ${path} within ${graceMs / 1000} s`);
      }
      // The caller did not cancel (checked above): CANCELLED here is a daemon that shut its server down mid-call.
      const dropped = outcome.code === GrpcCode.UNAVAILABLE || outcome.code === GrpcCode.CANCELLED;
      if (dropped && repeatable && !callerOutOfTime && !daemonGoneTooLong) {
        log.debug({ path, code: outcome.code }, 'daemon dropped a repeatable call; asking again');
        await pause(REPEAT_DELAY_MS, callerGone);
        continue;
      }
      if (outcome.kind === 'answer') return outcome;
      if (outcome.code === GrpcCode.CANCELLED)
        return unavailable(`the ResourceSlot daemon stopped during ${path}`);
      if (outcome.code === GrpcCode.DEADLINE_EXCEEDED) {
        return { kind: 'status', code: outcome.code, message: `deadline exceeded waiting for ${path}` };
      }
      return unavailable(`the connection to the ResourceSlot daemon was lost during ${path}`);
    }
  } finally {
    untrack();
  }
}

function reply(stream: ServerHttp2Stream, answer: Reply): void {
  if (stream.closed || stream.destroyed) return;
  if (answer.kind === 'status') {
    stream.respond(statusOnlyHeaders(answer.code, answer.message), { endStream: true });
    return;
  }
  const headers = { ...withoutPseudoHeaders(answer.headers), ':status': 200 };
  const { trailers } = answer;
  if (!trailers) {
    stream.respond(headers, { endStream: true });
    return;
  }
  stream.respond(headers, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers(withoutPseudoHeaders(trailers)));
  stream.end(Buffer.concat(answer.body));
}

function unavailable(message: string): Reply {
  return { kind: 'status', code: GrpcCode.UNAVAILABLE, message };
}
