/**
 * `<dir>/task-relay.json`: which process relays the task socket, so a daemon that starts again on the same --dir
 * finds the relay its predecessor left running and keeps it (containerd's connections and Waits live there).
 */
import fs from 'node:fs';

export interface RelayInfo {
  pid: number;
  listen: string;
  upstream: string;
}

export function writeRelayInfo(file: string, info: RelayInfo): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(info) + '\n');
  fs.renameSync(temp, file);
}

/** The recorded relay, or undefined when there is no file or it is not one of ours. */
export function readRelayInfo(file: string): RelayInfo | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { pid, listen, upstream } = parsed as Record<string, unknown>;
  if (!Number.isSafeInteger(pid) || typeof listen !== 'string' || typeof upstream !== 'string')
    return undefined;
  return { pid: pid as number, listen, upstream };
}

/** Removes the file only while it still names this process (a successor may already have replaced it). */
export function removeRelayInfo(file: string, pid: number): void {
  if (readRelayInfo(file)?.pid === pid) fs.rmSync(file, { force: true });
}
