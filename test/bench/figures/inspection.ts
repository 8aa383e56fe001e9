/**
 * The cost of inspection: the lifecycle benchmark against the daemon without the debug server, with
 * `--debug-listen 127.0.0.1:0`, and with that plus one client streaming /api/events (as an open debug page does).
 * Skipped, with the reason recorded, when the daemon has no --debug-listen flag.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { lifecycleJob, measureOurs, type BenchContext } from '../runs.js';
import { debugUrlFrom, type RunningServer } from '../servers.js';
import { ratio } from '../stats.js';
import type { MeasuredLoad } from '../workers.js';
import { DEFAULT_SYNC } from './throughput.js';

export interface InspectionFigure {
  concurrency: number;
  off: MeasuredLoad;
  listening: MeasuredLoad;
  streaming: MeasuredLoad;
  /** bytes of /api/events the subscriber received during the streaming run */
  streamedBytes: number;
  /** calls/s relative to the run without the debug server */
  listeningRatio: number | null;
  streamingRatio: number | null;
}

const BIN = path.resolve(import.meta.dirname, '../../../src/cli/bin/resource-slot-sandboxer.js');

export function daemonHasDebugListen(): boolean {
  const help = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
  return help.includes('--debug-listen');
}

export async function inspectionFigure(ctx: BenchContext): Promise<InspectionFigure | { skipped: string }> {
  if (!daemonHasDebugListen()) return { skipped: 'the daemon has no --debug-listen flag' };
  const concurrency = Math.max(...ctx.config.concurrency);
  const job = lifecycleJob(ctx, 'in', ctx.config.lifecycles, concurrency);
  const base = { sync: DEFAULT_SYNC, fs: 'disk' as const };
  const debug = ['--debug-listen', '127.0.0.1:0'];
  ctx.say(`inspection: ${job.to} lifecycles, ${concurrency} in flight, no debug server…`);
  const off = await measureOurs(ctx, base, job);
  ctx.say('inspection: … with --debug-listen…');
  const listening = await measureOurs(ctx, { ...base, extraArgs: debug }, job);
  ctx.say('inspection: … with --debug-listen and a client streaming /api/events…');
  let streamedBytes = 0;
  const streaming = await measureOurs(
    ctx,
    {
      ...base,
      extraArgs: debug,
      during: async (server) => {
        const stream = await subscribe(server, (bytes) => (streamedBytes += bytes));
        return async () => {
          stream.destroy();
        };
      },
    },
    job,
  );
  return {
    concurrency,
    off,
    listening,
    streaming,
    streamedBytes,
    listeningRatio: ratio(listening.callsPerSecond, off.callsPerSecond),
    streamingRatio: ratio(streaming.callsPerSecond, off.callsPerSecond),
  };
}

async function subscribe(
  server: RunningServer,
  onBytes: (bytes: number) => void,
): Promise<http.ClientRequest> {
  const base = server.logFile ? await waitForDebugUrl(server.logFile) : null;
  if (!base)
    throw new Error(
      'the daemon did not log its debug server URL (it logs it at info: BENCH_LOG_LEVEL must be info or lower)',
    );
  return await new Promise((resolve, reject) => {
    const request = http.get(new URL('api/events', base), (response) => {
      if (response.statusCode !== 200) reject(new Error(`/api/events answered ${response.statusCode}`));
      response.on('data', (chunk: Buffer) => onBytes(chunk.length));
      response.on('error', () => undefined);
      resolve(request);
    });
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
  });
}

/** The log line may still sit in the daemon's asynchronous log buffer right after the socket serves. */
async function waitForDebugUrl(logFile: string): Promise<string | null> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const url = debugUrlFrom(logFile);
    if (url) return url;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return null;
}
