import fs from 'node:fs';
import type { Logger } from 'pino';
import { GiveUp } from './call-cancel.js';
import { forwardStream } from './forwarding.js';
import { RelayServer } from './relay-server.js';
import { UpstreamConnection } from './upstream-connection.js';
import { UpstreamWatch } from './upstream-watch.js';

export interface TaskRelayConfig {
  listen: string;
  upstream: string;
  graceMs: number;
  /** gid that owns the socket, or null to keep the relay's. */
  socketGid: number | null;
  log: Logger;
  /** How often the relay checks on the daemon and on its own socket. */
  probeIntervalMs?: number;
}

export type RelayExitReason = 'daemon gone' | 'socket gone';

/**
 * Owns the task socket containerd dials and forwards every call to the daemon's own task socket. It outlives the
 * daemon so a daemon restart does not break containerd's connection or its pending Waits (containerd 2.2 never
 * repeats a task Wait that failed; it records the container as exited). It exits by itself when the daemon has been
 * gone longer than the grace period, or when its socket file was removed or replaced (its --dir was deleted).
 */
export class TaskRelay {
  readonly exited: Promise<RelayExitReason>;

  private constructor(
    private readonly config: TaskRelayConfig,
    private readonly server: RelayServer,
    private readonly upstream: UpstreamConnection,
    private readonly watch: UpstreamWatch,
    private readonly socketInode: number,
    giveUp: GiveUp,
  ) {
    this.exited = new Promise((resolve) => {
      watch.start(config.probeIntervalMs ?? 1_000, () => {
        if (watch.downForMs() > config.graceMs) {
          giveUp.giveUp(
            `the ResourceSlot daemon has been unreachable for more than ${config.graceMs / 1000} s`,
          );
          resolve('daemon gone');
        } else if (inodeOf(config.listen) !== socketInode) resolve('socket gone');
      });
    });
  }

  static async start(config: TaskRelayConfig): Promise<TaskRelay> {
    const upstream = new UpstreamConnection(config.upstream);
    const watch = new UpstreamWatch(config.upstream);
    const giveUp = new GiveUp();
    const options = { upstream, watch, graceMs: config.graceMs, log: config.log, giveUp };
    const server = new RelayServer(config.listen, (stream, headers) =>
      forwardStream(stream, headers, options),
    );
    await server.listen(config.socketGid);
    return new TaskRelay(config, server, upstream, watch, inodeOf(config.listen) ?? -1, giveUp);
  }

  /** Closes the socket (pending calls get `graceMs` to finish) and the connection to the daemon. */
  async stop(graceMs: number): Promise<void> {
    this.watch.stop();
    await this.server.close(graceMs, inodeOf(this.config.listen) === this.socketInode);
    this.upstream.close();
  }
}

function inodeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).ino;
  } catch {
    return undefined;
  }
}
