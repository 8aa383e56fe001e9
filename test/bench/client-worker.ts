/**
 * A client process: runs one job against a server and reports over IPC, so the load generator never shares an
 * event loop with the server it measures. Argument: a JSON `Job`.
 * lifecycle: runs the warm-up, sends `{type:'warm'}`, waits for `{type:'go'}`, runs the measured lifecycles and
 * sends `{type:'result'}`. fill: runs and sends `{type:'result'}`.
 */
import { Driver, type Endpoints, type LoadShape } from './load.js';
import { LatencyRecorder, round, type LatencySummary } from './stats.js';

export type Job = Endpoints &
  LoadShape & {
    kind: 'lifecycle' | 'fill';
    from: number;
    to: number;
    concurrency: number;
    /** Lifecycles before the measured ones (ids `<prefix>w-<i>`); lifecycle jobs only. */
    warmup: number;
  };

export interface LoadResult {
  count: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  calls: number;
  callsPerSecond: number;
  errors: number;
  errorMessages: Record<string, number>;
  methods: Record<string, LatencySummary>;
  all: LatencySummary;
  /** The client process's own CPU time per call (µs): the bare server's ceiling is mostly this. */
  clientCpuUsPerCall?: number;
}

export type WorkerMessage = { type: 'warm' } | { type: 'result'; result: LoadResult };

const job = JSON.parse(process.argv[2] ?? '') as Job;
const send = (message: WorkerMessage): Promise<void> =>
  new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('client-worker.ts must run with an IPC channel'));
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });

if (job.kind === 'lifecycle' && job.warmup > 0) {
  const warm = new Driver(job, { ...job, prefix: `${job.prefix}w` });
  await warm.run((index) => warm.lifecycle(index), 0, job.warmup, job.concurrency);
  warm.close();
  if (warm.errors > 0) throw new Error(`warm-up failed: ${[...warm.errorMessages.keys()].join('; ')}`);
}
if (job.kind === 'lifecycle') {
  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  await send({ type: 'warm' });
  await go;
}

const driver = new Driver(job, job, new LatencyRecorder());
const started = performance.now();
const cpuBefore = process.cpuUsage();
await driver.run(
  (index) => (job.kind === 'fill' ? driver.fill(index) : driver.lifecycle(index)),
  job.from,
  job.to,
  job.concurrency,
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
driver.close();
const { methods, all } = driver.recorder.summaries();
const count = job.to - job.from;
await send({
  type: 'result',
  result: {
    count,
    concurrency: job.concurrency,
    seconds: round(seconds, 3),
    perSecond: round(count / seconds),
    calls: driver.calls,
    callsPerSecond: round(driver.calls / seconds),
    errors: driver.errors,
    errorMessages: Object.fromEntries(driver.errorMessages),
    methods,
    all,
    clientCpuUsPerCall: driver.calls ? round((cpu.user + cpu.system) / driver.calls) : 0,
  },
});
process.disconnect?.();
