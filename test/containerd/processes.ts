/**
 * Long-running services (containerd, the daemon) in their own process groups with their output in a log file, and
 * one-shot commands (crictl, ctr) with a hard timeout. Everything is stopped by PID, never by name.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';

export interface Service {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>;
  isRunning(): boolean;
  /** Signals the whole process group; SIGKILLs it if it is still there after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | string>;
}

/** Process groups still alive, killed if the test process exits or is stopped without running its teardown. */
const live = new Set<number>();
const killAll = () => {
  for (const pid of live) killGroup(pid, 'SIGKILL');
};
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    // Keep the signal's usual effect unless someone else (tap) handles it too.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

export function startService(options: {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}): Service {
  const out = fs.openSync(options.logFile, 'a');
  const child = spawn(options.command, options.args, {
    detached: true, // its own process group, so stop() reaches everything it started
    stdio: ['ignore', out, out],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`${options.name}: could not spawn ${options.command}`);
  const pid = child.pid;
  live.add(pid);
  let running = true;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(pid);
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  child.once('error', () => undefined); // reported through `exited`
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<number | string> => {
    if (!running) return exited;
    killGroup(pid, signal);
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
      killGroup(pid, 'SIGKILL'); // anything the leader left behind in its group
    }
  };
  return { name: options.name, pid, logFile: options.logFile, exited, isRunning: () => running, stop };
}

export interface CommandResult {
  command: string;
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never rejects (a timeout is exit code 124 with a note in stderr). */
export function run(
  command: string,
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const shown = [command, ...args].join(' ');
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, env: options.env },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
        let code = 0;
        if (failure) {
          if (failure.killed) {
            code = 124;
            stderr += `\n(killed after ${timeoutMs} ms)`;
          } else code = typeof failure.code === 'number' ? failure.code : 1;
        }
        resolve({ command: shown, code, stdout, stderr });
      },
    );
    // Given input is the whole of the command's stdin, then EOF, as `echo data | command` gives it.
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Polls `check` until it returns a value other than undefined; throws with `describe()` after `timeoutMs`. */
export async function pollUntil<T>(
  check: () => Promise<T | undefined> | T | undefined,
  describe: () => string | Promise<string>,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The last `lines` lines of a log file, for failure reports. */
export function tail(file: string, lines = 60): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}
