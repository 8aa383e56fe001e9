/** The relay's own socket: a plain HTTP/2 server (gRPC's transport) on a unix socket, each stream forwarded. */
import http2, {
  type Http2Server,
  type Http2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from 'node:http2';
import { prepareSocketPath, removeSocketFile, restrictSocket } from '../transport/socket-file.js';

export type StreamHandler = (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => void;

export class RelayServer {
  private readonly server: Http2Server;
  private readonly sessions = new Set<Http2Session>();

  constructor(
    readonly socketPath: string,
    onStream: StreamHandler,
  ) {
    // One session per containerd connection; it holds a stream per pending Wait, so its buffers are not capped at
    // node's default 10 MB.
    this.server = http2.createServer({ maxSessionMemory: 256 });
    this.server.on('stream', onStream);
    this.server.on('session', (session) => {
      this.sessions.add(session);
      session.once('close', () => this.sessions.delete(session));
    });
    this.server.on('sessionError', () => undefined); // the session closes; its streams' callers see that
  }

  /** Binds the socket (mode 0660, owned by `gid` when given). */
  async listen(gid: number | null): Promise<void> {
    await prepareSocketPath(this.socketPath);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.socketPath, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    await restrictSocket(this.socketPath, gid);
  }

  /**
   * Stops accepting connections and streams, lets streams in flight finish for at most `graceMs`, then cuts the rest.
   * The socket file is removed unless `removeSocket` is false (the path already belongs to a successor).
   */
  async close(graceMs: number, removeSocket: boolean): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const session of this.sessions) session.close();
    const timer = setTimeout(() => {
      for (const session of this.sessions) session.destroy();
    }, graceMs);
    await closed;
    clearTimeout(timer);
    if (removeSocket) await removeSocketFile(this.socketPath);
  }
}
