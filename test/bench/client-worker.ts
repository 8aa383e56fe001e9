/**
 * A client process: runs one job against a server and reports over IPC, so the load generator never shares an
 * event loop with the server it measures. Argument: a JSON `Job`.
 * lifecycle and stats: run the warm-up, send `{type:'warm'}`, wait for `{type:'go'}`, run the measured part and
 * send `{type:'result'}`. fill: runs and sends `{type:'result'}`.
 */
import { Driver, type Endpoints, type LoadShape } from './load.js';
import { LatencyRecorder, round, type LatencySummary } from './stats.js';

export type Job = Endpoints &
  LoadShape & {
    kind: 'lifecycle' | 'fill' | 'stats';
    from: number;
    to: number;
    concurrency: number;
    /**
     * Lifecycle jobs: lifecycles before the measured ones (ids `<prefix>w-<i>`). Stats jobs: unmeasured rounds over
     * the same containers. Fill jobs: none.
     */
    warmup: number;
    /**
     * Stats jobs: measured rounds, each a task Stats call for container 0 of every sandbox in [from, to), or with
     * `poll: 'metrics'` a Controller Metrics call for every sandbox.
     */
    rounds?: number;
    /** Stats jobs: what a round asks; task Stats when absent. */
    poll?: 'stats' | 'metrics';
    /**
     * Stats jobs: start the rounds this many ms apart (a poller on a period, as containerd's), the measured time
     * then being rounds × interval; 0 or absent: back to back, as fast as the server answers.
     */
    intervalMs?: number;
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
  /** Stats jobs: size of the metrics in the last answer (the Any's value), bytes. */
  statsBytes?: number;
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
const rounds = job.kind === 'stats' ? (job.rounds ?? 1) : 1;
const intervalMs = job.kind === 'stats' ? (job.intervalMs ?? 0) : 0;
/** Every round polls each container once, `concurrency` calls in flight; paced rounds start `intervalMs` apart. */
async function pollRounds(driver: Driver, count: number): Promise<void> {
  for (let round = 0; round < count; round++) {
    const started = performance.now();
    await driver.run(
      (index) => (job.poll === 'metrics' ? driver.metrics(index) : driver.stats(index)),
      job.from,
      job.to,
      job.concurrency,
    );
    const rest = started + intervalMs - performance.now();
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
}

if (job.kind === 'stats' && job.warmup > 0) {
  const warm = new Driver(job, job);
  await pollRounds(warm, job.warmup);
  warm.close();
  if (warm.errors > 0) throw new Error(`warm-up failed: ${[...warm.errorMessages.keys()].join('; ')}`);
}
if (job.kind !== 'fill') {
  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  await send({ type: 'warm' });
  await go;
}

const driver = new Driver(job, job, new LatencyRecorder());
const started = performance.now();
const cpuBefore = process.cpuUsage();
if (job.kind === 'stats') await pollRounds(driver, rounds);
else
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
const count = (job.to - job.from) * rounds;
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
    ...(job.kind === 'stats' ? { statsBytes: driver.statsBytes } : {}),
  },
});
process.disconnect?.();
