/**
 * The daemon in a process of its own that the benchmark can ask for its memory: it wires the same `Daemon` as the
 * `resource-slot-sandboxer` binary, and runs under `node --expose-gc` so `memory` requests are answered after a full
 * GC. Argument: a JSON `HostConfig`. IPC in: `{type:'memory', idle}` (idle: also once V8 gave back its unused heap),
 * `{type:'heap-sampling'}` (start the sampling heap profiler), `{type:'heap-profile'}` (GC, then where the sampled
 * live memory was allocated), `{type:'stop'}`; out: `{type:'ready', startMs}`, `{type:'memory', ...}`,
 * `{type:'heap-sampling'}`, `{type:'heap-profile', summary}`.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Daemon } from '../../src/daemon.js';
import { createLogger, flushLogger, isLogLevel } from '../../src/log/logger.js';
import { isSyncMode } from '../../src/store/sync-mode.js';
import { DEFAULT_HISTORY_SETTINGS } from '../../src/history/settings.js';
import type { AdmissionMode } from '../../src/node/admission-mode.js';
import { summarizeHeap, type HeapSummary, type SamplingNode } from './heap-summary.js';

export interface HostConfig {
  listen: string;
  taskListen: string;
  dir: string;
  sync: string;
  maxSandboxes: number;
  /** --admission (docs/node.md). */
  admission: AdmissionMode;
  /** --history-length (docs/history.md); 0 keeps no history. */
  historyLength: number;
  logLevel: string;
  logFile: string;
}

export interface MemorySample {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** VmRSS from /proc/self/status, bytes. */
  rss: number;
  /** The same once the daemon has sat idle until V8 gave back the heap it no longer uses (settleIdle). */
  idleRss: number;
  idleHeapTotal: number;
  idleSeconds: number;
}

export type HostMessage =
  | { type: 'ready'; startMs: number }
  | ({ type: 'memory' } & MemorySample)
  | { type: 'heap-sampling' }
  | { type: 'heap-profile'; summary: HeapSummary };

/** One sample per this many allocated bytes on average: fine enough for per-sandbox structures. */
const HEAP_SAMPLING_INTERVAL = 8192;

const config = JSON.parse(process.argv[2] ?? '') as HostConfig;
if (!isSyncMode(config.sync)) throw new Error(`unknown sync mode '${config.sync}'`);
if (!isLogLevel(config.logLevel)) throw new Error(`unknown log level '${config.logLevel}'`);
const gc = globalThis.gc;
if (!gc) throw new Error('daemon-host.ts must run under node --expose-gc');

const log = createLogger({ level: config.logLevel, format: 'json', destination: config.logFile });
const started = performance.now();
const daemon = await Daemon.start({
  listen: config.listen,
  taskListen: config.taskListen,
  dir: config.dir,
  log,
  sync: config.sync,
  maxSandboxes: config.maxSandboxes,
  node: { admission: config.admission },
  history: { ...DEFAULT_HISTORY_SETTINGS, length: config.historyLength },
});
send({ type: 'ready', startMs: performance.now() - started });

const inspector = new Session();
process.on('message', (message: { type: string; idle?: boolean }) => {
  if (message.type === 'memory') void measure(message.idle === true).then(send);
  if (message.type === 'heap-sampling') void startHeapSampling().then(send);
  if (message.type === 'heap-profile') void heapProfile().then(send);
  if (message.type === 'stop') void stop();
});

async function startHeapSampling(): Promise<HostMessage> {
  inspector.connect();
  await inspector.post('HeapProfiler.enable');
  await inspector.post('HeapProfiler.startSampling', { samplingInterval: HEAP_SAMPLING_INTERVAL });
  return { type: 'heap-sampling' };
}

async function heapProfile(): Promise<HostMessage> {
  await measure(false);
  const { profile } = await inspector.post('HeapProfiler.getSamplingProfile');
  await inspector.post('HeapProfiler.stopSampling');
  inspector.disconnect();
  return { type: 'heap-profile', summary: summarizeHeap(profile.head as unknown as SamplingNode) };
}

function send(message: HostMessage): void {
  process.send?.(message);
}

async function measure(idle: boolean): Promise<HostMessage> {
  // Several rounds: finalizers and weak references freed by one GC make more garbage for the next.
  for (let round = 0; round < 4; round++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const usage = process.memoryUsage();
  const rss = vmRss();
  const settled = idle ? await settleIdle() : { rss, heapTotal: usage.heapTotal, seconds: 0 };
  return {
    type: 'memory',
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    rss,
    idleRss: settled.rss,
    idleHeapTotal: settled.heapTotal,
    idleSeconds: settled.seconds,
  };
}

const IDLE_POLL_MS = 2000;
/** V8's memory reducer shrinks the heap some 10-20 s into idleness, in one or more rounds. */
const IDLE_QUIET_MS = 24_000;
const IDLE_MAX_MS = 90_000;

/**
 * A GC frees objects but V8 keeps the heap pages it grew into during a fill; it gives them back only once the
 * process has been idle for a while (its memory reducer). What a node holding idle sandboxes pays is measured
 * after that: polled until the committed heap has not shrunk for IDLE_QUIET_MS (at most IDLE_MAX_MS).
 */
async function settleIdle(): Promise<{ rss: number; heapTotal: number; seconds: number }> {
  const started = performance.now();
  let heapTotal = process.memoryUsage().heapTotal;
  let lastShrink = started;
  while (performance.now() - lastShrink < IDLE_QUIET_MS && performance.now() - started < IDLE_MAX_MS) {
    await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    const now = process.memoryUsage().heapTotal;
    if (now < heapTotal - 1024 * 1024) lastShrink = performance.now();
    heapTotal = Math.min(heapTotal, now);
  }
  return { rss: vmRss(), heapTotal, seconds: Math.round((performance.now() - started) / 1000) };
}

function vmRss(): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : process.memoryUsage().rss;
}

async function stop(): Promise<void> {
  await daemon.stop();
  await flushLogger(log);
  process.exit(0);
}
