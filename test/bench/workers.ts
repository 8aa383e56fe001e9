/** Runs a client-worker job in its own process against a running server, measuring the server's CPU time too. */
import { fork } from 'node:child_process';
import path from 'node:path';
import { track } from './children.js';
import type { Job, LoadResult, WorkerMessage } from './client-worker.js';
import { round } from './stats.js';
import { monotonicUs, type RunningServer } from './servers.js';

const REPO = path.resolve(import.meta.dirname, '../..');

export interface MeasuredLoad extends LoadResult {
  /** Server CPU time (user + system) per call during the measured part, µs. */
  serverCpuUsPerCall: number;
  /** Server CPU use during the measured part, in cores (1.0 = one core busy all the time). */
  serverCores: number;
  /** The measured part on the system's monotonic clock (µs), which V8's CPU profiles use too. */
  window: { startUs: number; endUs: number };
}

export type JobShape = Omit<Job, 'controllerSocket' | 'taskSocket'>;

export async function runLoad(server: RunningServer, shape: JobShape): Promise<MeasuredLoad> {
  const job: Job = { ...shape, controllerSocket: server.controllerSocket, taskSocket: server.taskSocket };
  const child = track(
    fork(path.join(import.meta.dirname, 'client-worker.ts'), [JSON.stringify(job)], {
      cwd: REPO,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  let cpuBefore = server.cpuMs();
  let startUs = monotonicUs();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const result = await new Promise<LoadResult>((resolve, reject) => {
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'warm') {
        cpuBefore = server.cpuMs();
        startUs = monotonicUs();
        child.send({ type: 'go' });
      } else resolve(message.result);
    });
    void exited.then((code) => reject(new Error(`client worker exited with ${code} before reporting`)));
  });
  const cpuMs = server.cpuMs() - cpuBefore;
  const endUs = monotonicUs();
  await exited;
  if (result.errors > 0) {
    const messages = Object.entries(result.errorMessages)
      .slice(0, 3)
      .map(([message, count]) => `${count}× ${message}`);
    process.stderr.write(`  ! ${result.errors} failed ${shape.kind} steps: ${messages.join('; ')}\n`);
  }
  return {
    ...result,
    serverCpuUsPerCall: result.calls ? round((cpuMs * 1000) / result.calls) : 0,
    serverCores: round(cpuMs / 1000 / result.seconds, 2),
    window: { startUs, endUs },
  };
}

/**
 * Fills the server with running sandboxes `from`..`to` (one container each), as the scale figures do; throws if any
 * failed. Returns the fill's duration in seconds.
 */
export async function fillRunning(
  server: RunningServer,
  fill: { prefix: string; bundles: Job['bundles']; from: number; to: number; concurrency: number },
): Promise<number> {
  const load = await runLoad(server, { kind: 'fill', containers: 1, warmup: 0, ...fill });
  if (load.errors > 0) throw new Error(`fill to ${fill.to} failed ${load.errors} times`);
  return load.seconds;
}
