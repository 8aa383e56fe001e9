import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/** Sockets are for their owner and its group (containerd's, with --socket-group). */
const SOCKET_MODE = 0o660;

/** Thrown when the socket path cannot be taken over; the message is meant for the operator. */
export class SocketInUseError extends Error {}

/** Connects to a unix socket once: true when something accepts the connection. */
export function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * Makes `socketPath` ready to bind: creates its parent directories, removes a stale socket left by a daemon that
 * died, and refuses when a live process still answers there or the path is not a socket.
 */
export async function prepareSocketPath(socketPath: string): Promise<void> {
  await fs.mkdir(path.dirname(socketPath), { recursive: true });
  const existing = await fs.lstat(socketPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!existing) return;
  if (!existing.isSocket()) {
    throw new SocketInUseError(`${socketPath} exists and is not a socket; refusing to replace it`);
  }
  if (await socketAnswers(socketPath)) {
    throw new SocketInUseError(`another process is serving on ${socketPath}; stop it first`);
  }
  await fs.rm(socketPath, { force: true });
}

/** After binding: mode 0660, and owned by `gid` when given. */
export async function restrictSocket(socketPath: string, gid: number | null): Promise<void> {
  await fs.chmod(socketPath, SOCKET_MODE);
  if (gid !== null) await fs.chown(socketPath, -1, gid);
}

export async function removeSocketFile(socketPath: string): Promise<void> {
  await fs.rm(socketPath, { force: true });
}
