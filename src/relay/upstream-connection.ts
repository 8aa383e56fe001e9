/**
 * The relay's HTTP/2 connection to the daemon's task socket, and one call's exchange over it. A call waits for the
 * daemon to accept a connection (as grpc's wait-for-ready does) until its deadline; once sent, what comes back is
 * either the daemon's whole answer (headers, body, trailers: passed on untouched) or the reason none came.
 */
import http2, {
  type ClientHttp2Session,
  type ClientHttp2Stream,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http2';
import net from 'node:net';
import { pause, type CallCancel } from './call-cancel.js';
import { formatGrpcTimeout, GrpcCode, grpcStatusOf } from './grpc-wire.js';

/** Between attempts to connect to a daemon that is not accepting, so a restart is found within a tenth of a second. */
const RECONNECT_DELAY_MS = 100;

/**
 * The daemon keeps a stream open per pending Wait (one per running container). Node's HTTP/2 client assumes at most
 * 100 concurrent streams until the daemon's SETTINGS arrive, and caps a session's buffers at 10 MB.
 */
const SESSION_OPTIONS = { peerMaxConcurrentStreams: 2 ** 31 - 1, maxSessionMemory: 256 };

/** The daemon's own answer, any status. */
export interface UpstreamAnswer {
  kind: 'answer';
  code: number;
  headers: IncomingHttpHeaders;
  body: Buffer[];
  /** Absent for an answer that was only a status (its status is in `headers`). */
  trailers: IncomingHttpHeaders | undefined;
}

/** No answer: `sent` says whether the daemon may have received the call (if not, sending it again is always safe). */
export interface UpstreamLoss {
  kind: 'loss';
  code: number;
  sent: boolean;
}

export type UpstreamOutcome = UpstreamAnswer | UpstreamLoss;

export interface UpstreamRequest {
  path: string;
  /** The caller's headers to pass on (no pseudo-headers, no grpc-timeout: the deadline below sets it). */
  headers: OutgoingHttpHeaders;
  body: Buffer;
  /** Epoch milliseconds. */
  deadline: number;
  /** Cancelled when the caller went away or the relay gave up: the daemon's stream is cancelled. */
  cancel: CallCancel;
}

export class UpstreamConnection {
  private session: ClientHttp2Session | undefined;
  private connecting: Promise<ClientHttp2Session | undefined> | undefined;
  private closed = false;

  constructor(private readonly socketPath: string) {}

  async send(request: UpstreamRequest): Promise<UpstreamOutcome> {
    const session = await this.readySession(request.deadline, request.cancel);
    if (!session) {
      const code = request.cancel.cancelled ? GrpcCode.CANCELLED : GrpcCode.DEADLINE_EXCEEDED;
      return { kind: 'loss', code, sent: false };
    }
    let stream: ClientHttp2Stream;
    try {
      stream = session.request({
        ...request.headers,
        ':method': 'POST',
        ':path': request.path,
        'grpc-timeout': formatGrpcTimeout(request.deadline - Date.now()),
      });
    } catch {
      // The session began closing (the daemon said GOAWAY) between the check and the request: nothing was sent.
      this.forget(session);
      return { kind: 'loss', code: GrpcCode.UNAVAILABLE, sent: false };
    }
    return exchange(stream, request);
  }

  close(): void {
    this.closed = true;
    this.session?.destroy();
    this.session = undefined;
  }

  private async readySession(deadline: number, cancel: CallCancel): Promise<ClientHttp2Session | undefined> {
    for (;;) {
      if (this.closed || cancel.cancelled) return undefined;
      const live = this.liveSession();
      if (live) return live;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      const session = await withinMs(this.connect(), left);
      if (session) return session;
      await pause(Math.min(RECONNECT_DELAY_MS, deadline - Date.now()), cancel);
    }
  }

  /** One attempt to open a session, which every call waiting for the daemon shares. */
  private connect(): Promise<ClientHttp2Session | undefined> {
    this.connecting ??= new Promise<ClientHttp2Session | undefined>((resolve) => {
      const session = http2.connect('http://localhost', {
        ...SESSION_OPTIONS,
        createConnection: () => net.connect(this.socketPath),
      });
      session.on('error', () => undefined); // 'close' follows; the calls on it learn of it from their streams
      session.once('close', () => {
        this.forget(session);
        resolve(undefined);
      });
      session.once('goaway', () => this.forget(session));
      session.once('connect', () => {
        if (this.closed) session.destroy();
        else this.session = session;
        resolve(this.closed ? undefined : session);
      });
    }).finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private liveSession(): ClientHttp2Session | undefined {
    const session = this.session;
    return session && !session.closed && !session.destroyed ? session : undefined;
  }

  private forget(session: ClientHttp2Session): void {
    if (this.session === session) this.session = undefined;
  }
}

function exchange(stream: ClientHttp2Stream, request: UpstreamRequest): Promise<UpstreamOutcome> {
  return new Promise((resolve) => {
    let headers: IncomingHttpHeaders | undefined;
    let trailers: IncomingHttpHeaders | undefined;
    const body: Buffer[] = [];
    let settled = false;
    const settle = (outcome: UpstreamOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.cancel.onCancel(undefined);
      resolve(outcome);
    };
    const cancel = (code: number) => {
      settle({ kind: 'loss', code, sent: true });
      stream.close(http2.constants.NGHTTP2_CANCEL);
    };
    const timer = setTimeout(
      () => cancel(GrpcCode.DEADLINE_EXCEEDED),
      Math.max(0, request.deadline - Date.now()),
    );
    request.cancel.onCancel(() => cancel(GrpcCode.CANCELLED));
    if (request.cancel.cancelled) cancel(GrpcCode.CANCELLED);
    stream.on('response', (received) => (headers = received));
    stream.on('data', (chunk: Buffer) => body.push(chunk));
    stream.on('trailers', (received) => (trailers = received));
    stream.on('error', () => undefined); // 'close' follows with the reset code
    stream.on('close', () => {
      const code = grpcStatusOf(trailers) ?? grpcStatusOf(headers);
      if (headers && code !== undefined) settle({ kind: 'answer', code, headers, body, trailers });
      else settle(lossOf(stream.rstCode));
    });
    stream.end(request.body);
  });
}

function lossOf(resetCode: number | undefined): UpstreamLoss {
  const { NGHTTP2_REFUSED_STREAM, NGHTTP2_CANCEL } = http2.constants;
  // A refused stream (above a GOAWAY's last stream id) was never processed.
  if (resetCode === NGHTTP2_REFUSED_STREAM) return { kind: 'loss', code: GrpcCode.UNAVAILABLE, sent: false };
  // The daemon reset the stream: its server shut down mid-call.
  if (resetCode === NGHTTP2_CANCEL) return { kind: 'loss', code: GrpcCode.CANCELLED, sent: true };
  return { kind: 'loss', code: GrpcCode.UNAVAILABLE, sent: true };
}

function withinMs<T>(pending: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    void pending.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
