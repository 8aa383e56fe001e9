import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Daemon, type DaemonConfig } from '../../src/daemon.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * The daemon in this process on temp sockets and a temp --dir, for tests that hand it what the command line
 * cannot (a call log to feed, a fake fault plan). Stopped at teardown unless the test stopped it.
 */
export async function startInProcessDaemon(
  t: Teardown,
  config: Partial<DaemonConfig> = {},
): Promise<{ daemon: Daemon; socket: string; tmp: string; stop(): Promise<void> }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-inproc-'));
  const socket = path.join(tmp, 'sandboxer.sock');
  const daemon = await Daemon.start({
    listen: socket,
    taskListen: path.join(tmp, 'task.sock'),
    dir: path.join(tmp, 'state'),
    log: pino({ level: 'silent' }),
    shutdownGraceMs: 2000,
    orphanTimer: { every: () => () => undefined },
    ...config,
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= daemon.stop());
  t.teardown(async () => {
    await stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return { daemon, socket, tmp, stop };
}
