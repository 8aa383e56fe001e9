/**
 * Starting and stopping the servers under test, each in a process of its own: the bare baseline, the real
 * `resource-slot-sandboxer` binary, and the daemon host that can report its memory. "Serving" always means the same
 * thing: the Controller socket answers a call (NOT_FOUND for an unknown id counts), polled from this process.
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { credentials, Metadata, status as grpcStatus, type ServiceError } from '@grpc/grpc-js';
import { ControllerClient } from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { track } from './children.js';
import type { HostConfig, HostMessage, MemorySample } from './daemon-host.js';
import type { HeapSummary } from './heap-summary.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'src/cli/bin/resource-slot-sandboxer.js');
const TSX = ['--import', 'tsx'];
const SERVE_TIMEOUT_MS = 20 * 60_000;

export interface RunningServer {
  pid: number;
  controllerSocket: string;
  taskSocket: string;
  /** Milliseconds from spawn until the Controller socket answered. */
  serveMs: number;
  logFile: string | null;
  /** User + system CPU time the server process has used so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export interface HostServer extends RunningServer {
  /** Daemon.start's own duration (recovery included), measured inside the host. */
  startMs: number;
  /** Spawn → serving on the system's monotonic clock (µs), which V8's CPU profiles use too. */
  startWindow: { startUs: number; endUs: number };
  /** After GC; with `idle`, also once V8 gave back its unused heap (see daemon-host.ts). */
  memory(idle: boolean): Promise<MemorySample>;
  /** Starts the sampling heap profiler in the daemon. */
  startHeapSampling(): Promise<void>;
  /** After a GC: where the sampled memory still alive was allocated; stops the sampling. */
  heapProfile(): Promise<HeapSummary>;
}

export interface DaemonOptions {
  dir: string;
  sockets: string;
  sync: string;
  logLevel: string;
  logFile: string;
  maxSandboxes?: number;
  extraArgs?: string[];
  nodeFlags?: string[];
  env?: Record<string, string>;
}

/**
 * The figures measure the sandboxer without the node's admission (docs/node.md), as they did before it existed: its
 * default, warn, would log a warning for every Create beyond the node's 110 pods at the fill to 100k sandboxes.
 */
const ADMISSION = 'off';
/**
 * Nor with the usage history (docs/history.md), whose rings add about 3 KiB per pod at its defaults and would move
 * the memory figures away from what the sandboxer itself holds; docs/history.md gives what history costs.
 */
const HISTORY_LENGTH = 0;

function socketsIn(dir: string): { controllerSocket: string; taskSocket: string } {
  fs.mkdirSync(dir, { recursive: true });
  return { controllerSocket: path.join(dir, 'controller.sock'), taskSocket: path.join(dir, 'task.sock') };
}

/** `statsMetrics`: the encoded cgroup v2 Metrics its task Stats answers with (default: a typical sample). */
export async function startBare(
  socketDir: string,
  statsMetrics?: Uint8Array,
  podMetrics?: Uint8Array,
): Promise<RunningServer> {
  const { controllerSocket, taskSocket } = socketsIn(socketDir);
  const started = performance.now();
  const args = [controllerSocket, taskSocket];
  if (statsMetrics) args.push(Buffer.from(statsMetrics).toString('base64'));
  if (statsMetrics && podMetrics) args.push(Buffer.from(podMetrics).toString('base64'));
  const child = track(
    fork(path.join(import.meta.dirname, 'bare-server.ts'), args, {
      cwd: REPO,
      execArgv: TSX,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const exited = exitOf(child);
  await untilServing(controllerSocket, exited);
  return {
    pid: requirePid(child),
    controllerSocket,
    taskSocket,
    serveMs: performance.now() - started,
    logFile: null,
    cpuMs: () => cpuMsOf(requirePid(child)),
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The real binary, as systemd would start it (plus `nodeFlags`, e.g. --cpu-prof). Stopped with SIGTERM. */
export async function startDaemonBinary(options: DaemonOptions): Promise<RunningServer> {
  const { controllerSocket, taskSocket } = socketsIn(options.sockets);
  const log = fs.openSync(options.logFile, 'a');
  const args = [
    ...(options.nodeFlags ?? []),
    BIN,
    ...['--listen', controllerSocket, '--task-listen', taskSocket, '--dir', options.dir],
    ...[
      '--sync',
      options.sync,
      '--log-level',
      options.logLevel,
      '--admission',
      ADMISSION,
      '--history-length',
      String(HISTORY_LENGTH),
    ],
    ...(options.maxSandboxes ? ['--max-sandboxes', String(options.maxSandboxes)] : []),
    ...(options.extraArgs ?? []),
  ];
  const started = performance.now();
  const child = track(
    spawn(process.execPath, args, {
      cwd: REPO,
      stdio: ['ignore', log, log],
      env: { ...process.env, ...options.env },
    }),
  );
  fs.closeSync(log);
  const exited = exitOf(child);
  await untilServing(controllerSocket, exited, options.logFile);
  return {
    pid: requirePid(child),
    controllerSocket,
    taskSocket,
    serveMs: performance.now() - started,
    logFile: options.logFile,
    cpuMs: () => cpuMsOf(requirePid(child)),
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`daemon exited with ${code}; see ${options.logFile}`);
    },
  };
}

/** The daemon wired in `daemon-host.ts`, under --expose-gc, answering memory requests over IPC. */
export async function startDaemonHost(options: DaemonOptions): Promise<HostServer> {
  const { controllerSocket, taskSocket } = socketsIn(options.sockets);
  const config: HostConfig = {
    listen: controllerSocket,
    taskListen: taskSocket,
    dir: options.dir,
    sync: options.sync,
    maxSandboxes: options.maxSandboxes ?? 100_000,
    admission: ADMISSION,
    historyLength: HISTORY_LENGTH,
    logLevel: options.logLevel,
    logFile: options.logFile,
  };
  const started = performance.now();
  const startUs = monotonicUs();
  const child = track(
    fork(path.join(import.meta.dirname, 'daemon-host.ts'), [JSON.stringify(config)], {
      cwd: REPO,
      execArgv: ['--expose-gc', ...(options.nodeFlags ?? []), ...TSX],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...options.env },
    }),
  );
  const exited = exitOf(child);
  const ready = nextMessage(child, 'ready');
  await untilServing(controllerSocket, exited, options.logFile);
  const serveMs = performance.now() - started;
  const startWindow = { startUs, endUs: monotonicUs() };
  const { startMs } = (await ready) as { startMs: number };
  return {
    pid: requirePid(child),
    controllerSocket,
    taskSocket,
    serveMs,
    startMs,
    startWindow,
    logFile: options.logFile,
    cpuMs: () => cpuMsOf(requirePid(child)),
    memory: async (idle) => (await request(child, 'memory', { idle })) as MemorySample,
    startHeapSampling: async () => void (await request(child, 'heap-sampling')),
    heapProfile: async () => ((await request(child, 'heap-profile')) as { summary: HeapSummary }).summary,
    stop: async () => {
      child.send({ type: 'stop' });
      const code = await exited;
      if (code !== 0) throw new Error(`daemon host exited with ${code}; see ${options.logFile}`);
    },
  };
}

async function request(
  child: ChildProcess,
  type: HostMessage['type'],
  fields: Record<string, unknown> = {},
): Promise<HostMessage> {
  const answer = nextMessage(child, type);
  child.send({ ...fields, type });
  return await answer;
}

function nextMessage(child: ChildProcess, type: HostMessage['type']): Promise<HostMessage> {
  return new Promise((resolve) => {
    const listener = (message: HostMessage): void => {
      if (message.type !== type) return;
      child.off('message', listener);
      resolve(message);
    };
    child.on('message', listener);
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function requirePid(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('server process did not start');
  return child.pid;
}

/**
 * Polls until the socket answers a Status call. A fresh client per attempt: a grpc-js channel that failed to
 * connect backs off for a second, which would be measured as start-up time.
 */
async function untilServing(socket: string, exited: Promise<number | null>, logFile?: string): Promise<void> {
  let code: number | null | undefined;
  void exited.then((value) => (code = value ?? -1));
  const deadline = Date.now() + SERVE_TIMEOUT_MS;
  for (;;) {
    if (code !== undefined) {
      const tail = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new Error(`server exited with ${code} before serving ${socket}\n${tail}`);
    }
    if (Date.now() > deadline)
      throw new Error(`server did not serve ${socket} within ${SERVE_TIMEOUT_MS} ms`);
    if (fs.existsSync(socket) && (await answers(socket))) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function answers(socket: string): Promise<boolean> {
  const client = new ControllerClient(`unix:${socket}`, credentials.createInsecure());
  try {
    return await new Promise<boolean>((resolve) =>
      client.status(
        { sandboxId: 'bench-serving-probe', verbose: false, sandboxer: '' },
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

export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

let ticksPerSecond: number | undefined;

/** utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15, in clock ticks). */
export function cpuMsOf(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after it start behind the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / ticksPerSecond;
}

/** The debug server's URL, from the daemon's "debug server listening" log line. */
export function debugUrlFrom(logFile: string): string | null {
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('debug server listening')) continue;
    const url = (JSON.parse(line) as { url?: unknown }).url;
    if (typeof url === 'string') return url;
  }
  return null;
}
