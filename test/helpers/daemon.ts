import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { RELAY_INFO_FILE } from '../../src/relay/files.js';
import { readRelayInfo } from '../../src/relay/info-file.js';
import { isRelayProcess } from '../../src/relay/launch.js';
import { ControllerClient } from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';

const BIN = new URL('../../src/cli/bin/resource-slot-sandboxer.js', import.meta.url).pathname;

export interface TestDaemon {
  tmp: string;
  socket: string;
  dir: string;
  child: ChildProcess;
  controller: ControllerClient;
  /** Everything the daemon printed on stdout (JSON log lines). */
  logs(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * Starts the daemon on `<tmp>/sandboxer.sock` with `--dir <stateDir>` (default `<tmp>/state`). The daemon serves the
 * task socket itself (`--task-relay off`) unless `extraArgs` says otherwise: the relay has tests of its own
 * (test/relay/) and the real-containerd suite runs with it, the default.
 */
export async function startDaemon(
  t: Teardown,
  extraArgs: string[] = [],
  tmp?: string,
  stateDir?: string,
): Promise<TestDaemon> {
  tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'rs-e2e-'));
  const socket = path.join(tmp, 'sandboxer.sock');
  const dir = stateDir ?? path.join(tmp, 'state');
  const child = spawn(
    process.execPath,
    [
      ...[BIN, '--listen', socket, '--dir', dir, '--log-level', 'debug'],
      ...(extraArgs.some((arg) => arg.startsWith('--task-relay')) ? [] : ['--task-relay', 'off']),
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(
    () => out.includes('resource-slot-sandboxer serving'),
    20_000,
    () => `daemon did not start:\n${out}\n${err}`,
    exited,
  );
  const controller = new ControllerClient(`unix:${socket}`, credentials.createInsecure());
  let stopped = false;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (!stopped) {
      stopped = true;
      controller.close();
      child.kill(signal);
    }
    return exited;
  };
  t.teardown(async () => {
    await stop('SIGKILL');
    stopTaskRelay(dir);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return { tmp, socket, dir, child, controller, logs: () => out, stop };
}

async function waitFor(
  ready: () => boolean,
  timeoutMs: number,
  describe: () => string,
  exited: Promise<number | null>,
): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (gone || Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs one unary call of a generated client (`(callback) => client.status(request, callback)`) as a promise. */
export function unary<Res>(
  invoke: (callback: (error: ServiceError | null, response: Res) => void) => unknown,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    invoke((error, response) => (error ? reject(error) : resolve(response))),
  );
}

/** The gRPC status code of a failed call (or 'OK'). */
export async function codeOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 0;
  } catch (error) {
    return (error as ServiceError).code;
  }
}

export function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The sandbox directories under --dir (the task socket lives there too). */
export function sandboxDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name);
}

/** The pid of the task relay serving `dir`, if one runs. */
export function taskRelayPid(dir: string): number | undefined {
  const info = readRelayInfo(path.join(dir, RELAY_INFO_FILE));
  return info && isRelayProcess(info.pid) ? info.pid : undefined;
}

/** Stops the task relay a daemon left on `dir`, by the pid it recorded (it would also exit once its socket is gone). */
export function stopTaskRelay(dir: string): void {
  const pid = taskRelayPid(dir);
  if (pid !== undefined) process.kill(pid, 'SIGKILL');
}
