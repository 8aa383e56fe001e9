import path from 'node:path';

/** The relay's files under the daemon's --dir. */
export const RELAY_INFO_FILE = 'task-relay.json';
export const RELAY_LOG_FILE = 'task-relay.log';
/** The daemon's own task socket, which only the relay dials. */
export const RELAY_UPSTREAM_SOCKET = 'task-daemon.sock';

export function relayUpstreamSocket(dir: string): string {
  return path.join(dir, RELAY_UPSTREAM_SOCKET);
}
