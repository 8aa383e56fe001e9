import fs from 'node:fs';
import { Client, credentials } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { TaskService } from '../generated/containerd/runtime/task/v3/shim.js';
import { MAX_RECEIVE_MESSAGE_BYTES, UnixGrpcServer } from '../transport/server.js';
import { forwardingService } from './forwarding.js';
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
    private readonly server: UnixGrpcServer,
    private readonly client: Client,
    private readonly watch: UpstreamWatch,
    private readonly socketInode: number,
    giveUp: AbortController,
  ) {
    this.exited = new Promise((resolve) => {
      watch.start(config.probeIntervalMs ?? 1_000, () => {
        if (watch.downForMs() > config.graceMs) {
          giveUp.abort(
            `the ResourceSlot daemon has been unreachable for more than ${config.graceMs / 1000} s`,
          );
          resolve('daemon gone');
        } else if (inodeOf(config.listen) !== socketInode) resolve('socket gone');
      });
    });
  }

  static async start(config: TaskRelayConfig): Promise<TaskRelay> {
    const client = new Client(`unix:${config.upstream}`, credentials.createInsecure(), {
      // A restarted daemon is found within a second, not after grpc's default backoff of up to two minutes.
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1_000,
      'grpc.max_receive_message_length': MAX_RECEIVE_MESSAGE_BYTES,
    });
    const watch = new UpstreamWatch(config.upstream);
    const giveUp = new AbortController();
    const service = forwardingService(TaskService, {
      upstream: client,
      watch,
      graceMs: config.graceMs,
      log: config.log,
      giveUp: giveUp.signal,
    });
    const server = new UnixGrpcServer(config.listen, [service], null);
    await server.listen(config.socketGid);
    return new TaskRelay(config, server, client, watch, inodeOf(config.listen) ?? -1, giveUp);
  }

  /** Closes the socket (pending calls get `graceMs` to finish) and the connection to the daemon. */
  async stop(graceMs: number): Promise<void> {
    this.watch.stop();
    await this.server.close(graceMs, inodeOf(this.config.listen) === this.socketInode);
    this.client.close();
  }
}

function inodeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).ino;
  } catch {
    return undefined;
  }
}
