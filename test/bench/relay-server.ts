/**
 * The task relay binary started alone, as the daemon starts it (src/relay/launch.ts), in front of a daemon's own task
 * socket. "Serving" means a task call through the relay is answered by the daemon behind it (NOT_FOUND for an unknown
 * id counts), polled from this process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { credentials, Metadata, status as grpcStatus, type ServiceError } from '@grpc/grpc-js';
import { TaskClient } from '../../src/generated/containerd/runtime/task/v3/shim.js';
import { relayArgv } from '../../src/relay/args.js';
import { track } from './children.js';

const RELAY_BIN = path.resolve(import.meta.dirname, '../../src/cli/bin/resource-slot-task-relay.js');
const SERVE_TIMEOUT_MS = 60_000;

export interface RunningRelay {
  pid: number;
  /** Milliseconds from spawn until a task call through the relay was answered. */
  serveMs: number;
  stop(): Promise<void>;
}

export interface RelayOptions {
  listen: string;
  /** The daemon's task socket (a daemon started with --task-relay off serves it itself). */
  upstream: string;
  infoFile: string;
  logFile: string;
  env?: Record<string, string>;
}

export async function startRelayBinary(options: RelayOptions): Promise<RunningRelay> {
  const log = fs.openSync(options.logFile, 'a');
  const args = relayArgv({
    listen: options.listen,
    upstream: options.upstream,
    infoFile: options.infoFile,
    graceMs: 10_000,
    socketGroup: null,
    logLevel: 'info',
    logFormat: 'json',
  });
  const started = performance.now();
  const child = track(
    spawn(process.execPath, [RELAY_BIN, ...args], {
      stdio: ['ignore', log, log],
      env: { ...process.env, ...options.env },
    }),
  );
  fs.closeSync(log);
  let code: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (exitCode) => {
      code = exitCode;
      resolve();
    }),
  );
  const deadline = Date.now() + SERVE_TIMEOUT_MS;
  while (!(fs.existsSync(options.listen) && (await answers(options.listen)))) {
    if (code !== undefined) throw new Error(`relay exited with ${code}; see ${options.logFile}`);
    if (Date.now() > deadline) throw new Error(`relay did not serve ${options.listen}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const serveMs = performance.now() - started;
  if (child.pid === undefined) throw new Error('relay process did not start');
  return {
    pid: child.pid,
    serveMs,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A fresh client per attempt: a channel that failed to connect backs off, which would count as start-up time. */
async function answers(socket: string): Promise<boolean> {
  const client = new TaskClient(`unix:${socket}`, credentials.createInsecure());
  try {
    return await new Promise<boolean>((resolve) =>
      client.state(
        { id: 'bench-serving-probe', execId: '' },
        new Metadata(),
        { deadline: Date.now() + 2000 },
        (error: ServiceError | null) =>
          resolve(
            error === null ||
              (error.code !== grpcStatus.UNAVAILABLE && error.code !== grpcStatus.DEADLINE_EXCEEDED),
          ),
      ),
    );
  } finally {
    client.close();
  }
}
