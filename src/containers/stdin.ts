/**
 * The read side of every process's stdin FIFO. containerd opens the write side of a process's stdin with a blocking
 * open in a goroutine (containerd/fifo), which completes only once a reader opens it; until then its copy of the
 * user's input (`crictl exec -i`, `kubectl exec -i`, attach) blocks, and CRI waits for that copy before it answers
 * the exec. Nothing runs here, so nothing reads stdin: this module opens it, discards what arrives (counting the
 * bytes for the log) and closes it when containerd is done with it.
 *
 * The FIFO is opened O_RDONLY|O_NONBLOCK, which never blocks, and read through a libuv pipe handle (net.Socket on
 * the fd, epoll): a read stream on a FIFO would hold a thread-pool thread. Only FIFOs at absolute paths are opened,
 * never through a symlink, and nothing is ever created.
 */
import { constants, promises as fsp, open } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';

export interface StdinOwner {
  sandboxId: string;
  containerId: string;
  /** "" for a container's init process. */
  execId: string;
}

export interface StdinDrainOptions {
  /**
   * How long a process's stdin stays open after the process exited. Not closed at the instant of exit: if containerd
   * has not made its blocking write-open yet, a reader that came and went would leave that open blocked for good.
   */
  graceAfterExitMs?: number;
}

interface Drain {
  owner: StdinOwner;
  socket: net.Socket | null;
  bytes: number;
  closed: boolean;
  timer: NodeJS.Timeout | null;
}

const keyOf = (containerId: string, execId: string): string => `${containerId}\u0000${execId}`;

/** Every open stdin drain, keyed by process; each is closed once, whichever way comes first. */
export class StdinDrains {
  private readonly drains = new Map<string, Drain>();
  private readonly graceAfterExitMs: number;

  constructor(
    private readonly log: Logger,
    { graceAfterExitMs = 10_000 }: StdinDrainOptions = {},
  ) {
    this.graceAfterExitMs = graceAfterExitMs;
  }

  get size(): number {
    return this.drains.size;
  }

  /** Starts draining `fifo` for the process (nothing happens unless it is an absolute path to a FIFO). */
  async open(owner: StdinOwner, fifo: unknown): Promise<void> {
    if (typeof fifo !== 'string' || !path.isAbsolute(fifo)) return;
    const key = keyOf(owner.containerId, owner.execId);
    if (this.drains.has(key)) return;
    const drain: Drain = { owner, socket: null, bytes: 0, closed: false, timer: null };
    this.drains.set(key, drain);
    try {
      const stats = await fsp.lstat(fifo);
      if (!stats.isFIFO()) return this.close(owner.containerId, owner.execId, 'not a FIFO');
      const fd = await openNonBlocking(fifo);
      // Closed while the open was under way: the descriptor is ours alone to close.
      if (drain.closed) return void new net.Socket({ fd, readable: true, writable: false }).destroy();
      const socket = new net.Socket({ fd, readable: true, writable: false });
      drain.socket = socket;
      socket.on('data', (chunk: Buffer) => (drain.bytes += chunk.length));
      // EOF comes only after a writer has come and gone: containerd has finished copying the input.
      socket.on('end', () => this.close(owner.containerId, owner.execId, 'writer closed'));
      socket.on('error', (error) => {
        this.log.warn({ ...owner, fifo, err: error.message }, 'Reading the stdin FIFO failed; closed it');
        this.close(owner.containerId, owner.execId, 'read error');
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        this.log.warn({ ...owner, fifo, err: (error as Error).message }, 'Could not open the stdin FIFO');
      }
      this.close(owner.containerId, owner.execId, 'open failed');
    }
  }

  /** Closes the process's stdin now (CloseIO, Delete). */
  close(containerId: string, execId: string, reason: string): void {
    const key = keyOf(containerId, execId);
    const drain = this.drains.get(key);
    if (!drain) return;
    this.drains.delete(key);
    drain.closed = true;
    if (drain.timer) clearTimeout(drain.timer);
    drain.socket?.destroy();
    if (drain.socket) {
      this.log.debug(
        { ...drain.owner, bytes: drain.bytes, reason },
        'Closed the stdin FIFO; its input was discarded',
      );
    }
  }

  /** The process exited: its stdin is closed after the grace unless something closes it first. */
  closeAfterExit(containerId: string, execId: string): void {
    const drain = this.drains.get(keyOf(containerId, execId));
    if (!drain || drain.timer) return;
    drain.timer = setTimeout(() => this.close(containerId, execId, 'process exited'), this.graceAfterExitMs);
    drain.timer.unref();
  }

  /** The owners of the open drains that `select` picks. */
  private ownersWhere(select: (owner: StdinOwner) => boolean): StdinOwner[] {
    return [...this.drains.values()].filter((drain) => select(drain.owner)).map((drain) => drain.owner);
  }

  /** A container was deleted: its processes' stdin goes with it. */
  closeContainer(containerId: string, reason: string): void {
    for (const owner of this.ownersWhere((candidate) => candidate.containerId === containerId))
      this.close(owner.containerId, owner.execId, reason);
  }

  /** The sandbox stopped (every process in it exited). */
  closeSandboxAfterExit(sandboxId: string): void {
    for (const owner of this.ownersWhere((candidate) => candidate.sandboxId === sandboxId))
      this.closeAfterExit(owner.containerId, owner.execId);
  }

  /** The sandbox was shut down: everything in it is gone. */
  closeSandbox(sandboxId: string, reason: string): void {
    for (const owner of this.ownersWhere((candidate) => candidate.sandboxId === sandboxId))
      this.close(owner.containerId, owner.execId, reason);
  }

  /** Daemon shutdown. */
  closeAll(): void {
    for (const drain of [...this.drains.values()])
      this.close(drain.owner.containerId, drain.owner.execId, 'daemon stopping');
  }
}

function openNonBlocking(fifo: string): Promise<number> {
  return new Promise((resolve, reject) =>
    open(fifo, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW, (error, fd) =>
      error ? reject(error) : resolve(fd),
    ),
  );
}
