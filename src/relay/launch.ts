/**
 * The daemon's side of the task relay: keep the relay a previous daemon left running on this --dir, or start one.
 * The relay runs detached (its own session) so it survives the daemon; see relay.ts for why it exists.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { LogFormat, LogLevel } from '../log/logger.js';
import { relayArgv } from './args.js';
import { RELAY_INFO_FILE, RELAY_LOG_FILE, relayUpstreamSocket } from './files.js';
import { readRelayInfo } from './info-file.js';
import { socketAnswers } from '../transport/socket-file.js';

const RELAY_BIN = new URL('../cli/bin/resource-slot-task-relay.js', import.meta.url).pathname;
const RELAY_BIN_NAME = path.basename(RELAY_BIN);
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface RelayLaunch {
  dir: string;
  /** The socket containerd dials (--task-listen). */
  listen: string;
  graceMs: number;
  socketGroup: string | null;
  logLevel: LogLevel;
  logFormat: LogFormat;
  log: Logger;
}

/** Makes sure a relay serves `listen` for the daemon on `dir`; returns its pid and whether it was already running. */
export async function ensureTaskRelay(launch: RelayLaunch): Promise<{ pid: number; reused: boolean }> {
  const infoFile = path.join(launch.dir, RELAY_INFO_FILE);
  const upstream = relayUpstreamSocket(launch.dir);
  const known = readRelayInfo(infoFile);
  if (known && isRelayProcess(known.pid)) {
    if (
      known.listen === launch.listen &&
      known.upstream === upstream &&
      (await socketAnswers(launch.listen))
    ) {
      return { pid: known.pid, reused: true };
    }
    launch.log.warn(
      { pid: known.pid, listen: known.listen },
      'Replacing a task relay set up for other sockets',
    );
    await stopRelay(known.pid);
  }
  const logFile = path.join(launch.dir, RELAY_LOG_FILE);
  const logFd = fs.openSync(logFile, 'a', 0o600);
  const child = spawn(
    process.execPath,
    [
      RELAY_BIN,
      ...relayArgv({
        listen: launch.listen,
        upstream,
        infoFile,
        graceMs: launch.graceMs,
        socketGroup: launch.socketGroup,
        logLevel: launch.logLevel,
        logFormat: launch.logFormat,
      }),
    ],
    { detached: true, stdio: ['ignore', logFd, logFd] },
  );
  fs.closeSync(logFd);
  child.unref();
  const pid = child.pid;
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (pid !== undefined && readRelayInfo(infoFile)?.pid === pid && (await socketAnswers(launch.listen))) {
      return { pid, reused: false };
    }
    if (exitCode !== undefined || pid === undefined || Date.now() > deadline) {
      const why = exitCode !== undefined ? `exited with status ${exitCode}` : 'did not start serving';
      if (exitCode === undefined && pid !== undefined) process.kill(pid, 'SIGKILL');
      throw new Error(`the task relay ${why} on ${launch.listen}; its log: ${lastLines(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Stops the relay a previous daemon left on `dir` (this daemon serves the task socket itself). */
export async function stopLeftoverRelay(dir: string, log: Logger): Promise<void> {
  const known = readRelayInfo(path.join(dir, RELAY_INFO_FILE));
  if (!known || !isRelayProcess(known.pid)) return;
  log.info({ pid: known.pid }, 'Stopping the task relay a previous daemon left running (--task-relay off)');
  await stopRelay(known.pid);
}

/** True while `pid` is a live (not zombie) task relay: /proc names its program. Guards against reused pids. */
export function isRelayProcess(pid: number): boolean {
  try {
    return fs
      .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .some((arg) => arg.endsWith(RELAY_BIN_NAME));
  } catch {
    return false;
  }
}

async function stopRelay(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isRelayProcess(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function lastLines(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ') || '(empty)';
  } catch {
    return '(no log)';
  }
}
