/**
 * Readiness for systemd's `Type=notify` (service/kuasar-resource-slot.service): the daemon says READY=1 only once
 * both of its sockets answer, so a unit ordered `After=` it (containerd, docs/containerd.md section 5) starts only
 * then; and STOPPING=1 when it shuts down in order.
 *
 * Why `systemd-notify` and not an npm package: the protocol is one datagram on the AF_UNIX SOCK_DGRAM socket named
 * by $NOTIFY_SOCKET, and Node cannot send on unix datagram sockets. The npm packages that can (sd-notify,
 * sd-daemon) are native addons built against libsystemd at install time, so `npm ci` would need a compiler and
 * libsystemd's headers. systemd's own `systemd-notify` is on every machine that runs systemd, and since systemd
 * 246 (Debian 12 has 252) it waits until the manager has processed the message: without that wait a short-lived
 * sender could exit before systemd reads the datagram, systemd could not tell which unit it came from and dropped
 * it. It is a child of the daemon, not its main process, so the unit needs `NotifyAccess=all`.
 *
 * Nothing here is fatal: without $NOTIFY_SOCKET (not started by systemd as Type=notify) nothing is sent, and a
 * missing or failing `systemd-notify` is logged as a warning.
 */
import { execFile } from 'node:child_process';
import type { Logger } from 'pino';
import { socketAnswers } from '../transport/socket-file.js';

export const SYSTEMD_NOTIFY = 'systemd-notify';
/** systemd-notify waits at most 5 s for the manager itself; this only guards against a hung binary. */
const NOTIFY_TIMEOUT_MS = 10_000;
/** How long readiness waits for the sockets to answer before it gives up (then systemd's start times out). */
const SOCKETS_TIMEOUT_MS = 10_000;
const PROBE_INTERVAL_MS = 50;

export interface NotifyOptions {
  log: Logger;
  /** Default: process.env. Only $NOTIFY_SOCKET is read; the child gets the whole environment. */
  env?: NodeJS.ProcessEnv;
  /** The program to run (default `systemd-notify`, looked up on PATH). */
  command?: string;
  timeoutMs?: number;
}

export interface ReadyOptions extends NotifyOptions {
  /** Every socket that must accept connections before READY=1 is sent. */
  sockets: string[];
  /** Shown by `systemctl status` (STATUS=). */
  status: string;
  socketsTimeoutMs?: number;
}

/**
 * Sends READY=1 once every socket accepts connections. Resolves true when systemd was told, false when there was
 * nobody to tell or telling failed (logged); never rejects.
 */
export async function announceReady(options: ReadyOptions): Promise<boolean> {
  if (!notifySocket(options)) return false;
  const deadline = Date.now() + (options.socketsTimeoutMs ?? SOCKETS_TIMEOUT_MS);
  for (;;) {
    const answers = await Promise.all(options.sockets.map((socket) => socketAnswers(socket)));
    if (answers.every(Boolean)) break;
    if (Date.now() > deadline) {
      const silent = options.sockets.filter((_, index) => !answers[index]);
      options.log.error(
        { sockets: silent },
        'Not telling systemd the daemon is ready: these sockets do not answer',
      );
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
  return notify(['--ready', `--status=${options.status}`], 'READY=1', options);
}

/** Sends STOPPING=1 (orderly shutdown has begun); like announceReady, never rejects. */
export function announceStopping(options: NotifyOptions): Promise<boolean> {
  if (!notifySocket(options)) return Promise.resolve(false);
  return notify(['STOPPING=1', '--status=Shutting down'], 'STOPPING=1', options);
}

function notifySocket(options: NotifyOptions): string | undefined {
  const socket = (options.env ?? process.env).NOTIFY_SOCKET;
  return socket ? socket : undefined;
}

function notify(args: string[], what: string, options: NotifyOptions): Promise<boolean> {
  const command = options.command ?? SYSTEMD_NOTIFY;
  const { log } = options;
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? NOTIFY_TIMEOUT_MS, encoding: 'utf8' },
      (error, _stdout, stderr) => {
        if (!error) {
          log.info({ command, notifySocket: notifySocket(options) }, `Told systemd ${what}`);
          resolve(true);
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          log.warn(
            { command },
            `${command} not found on PATH: systemd is not told ${what} (install systemd's ${SYSTEMD_NOTIFY}, or run the unit as Type=simple)`,
          );
        } else {
          log.warn(
            { command, args, exitCode: error.code, signal: error.signal, stderr: stderr.trim() },
            `${command} failed: systemd may not have heard ${what}`,
          );
        }
        resolve(false);
      },
    );
  });
}
