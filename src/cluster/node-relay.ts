/**
 * A node's task relay as a recorded process. The daemon starts it (src/relay/launch.ts) and names it in
 * `<slots>/task-relay.json`; `up` and `restart` record that pid with its start time, so `down` stops it by pid like
 * every other process, and a relay a restarted daemon replaced is the one recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InternalError } from '../core/errors.js';
import type { NodeLayout } from './layout.js';
import { processStartTime } from './process-identity.js';
import type { ProcessRecord } from './state.js';

/** The daemon's files for its relay, in its --dir (docs/containerd.md §5). */
const RELAY_INFO_FILE = 'task-relay.json';
const RELAY_LOG_FILE = 'task-relay.log';

export const relayName = (node: NodeLayout): string => `node-${node.index}/task-relay`;

export function relayRecord(node: NodeLayout): ProcessRecord {
  const infoFile = path.join(node.daemon.dir, RELAY_INFO_FILE);
  const pid = relayPid(infoFile);
  const startTime = pid === undefined ? undefined : processStartTime(pid);
  if (pid === undefined || startTime === undefined)
    throw new InternalError(`${relayName(node)}: no live relay named in ${infoFile}`);
  return {
    name: relayName(node),
    node: node.index,
    pid,
    startTime,
    command: process.execPath,
    log: path.join(node.daemon.dir, RELAY_LOG_FILE),
    health: { kind: 'socket', path: node.daemon.taskListen },
  };
}

function relayPid(infoFile: string): number | undefined {
  try {
    const { pid } = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { pid?: unknown };
    return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
