/**
 * Figure 8's last part: task Stats through the task relay (src/relay/), as containerd reaches a daemon started with
 * `--task-relay on`. The relay binary is started in front of the daemon's own task socket and every container is
 * polled once a second through it: with many calls in flight (as the daemon-only rounds) and one call at a time (as
 * containerd asks on an idle node). Both processes' CPU is read over the same seconds.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchContext } from '../runs.js';
import { startRelayBinary } from '../relay-server.js';
import { cpuMsOf, type RunningServer } from '../servers.js';
import { round } from '../stats.js';
import { runLoad, type JobShape, type MeasuredLoad } from '../workers.js';

export interface RelayedRun {
  containers: number;
  rounds: number;
  concurrency: number;
  /** The load as the client saw it; its server CPU is the relay's. */
  load: MeasuredLoad;
  /** CPU µs per call over the same seconds. */
  cpuUsPerCall: { relay: number; daemon: number };
  /** CPU over the run / its wall time, for each process: its share of one core. */
  coreFraction: { relay: number; daemon: number };
}

/** `job(concurrency)` is the paced Stats job of the daemon-only run, with that many calls in flight. */
export async function relayedRuns(
  ctx: BenchContext,
  host: RunningServer,
  job: (concurrency: number) => JobShape,
  concurrencies: number[],
): Promise<RelayedRun[]> {
  const dir = path.join(ctx.diskWork, 'stats-relay');
  fs.mkdirSync(dir, { recursive: true });
  const relay = await startRelayBinary({
    listen: path.join(dir, 'task.sock'),
    upstream: host.taskSocket,
    infoFile: path.join(dir, 'task-relay.json'),
    logFile: path.join(dir, 'task-relay.log'),
  });
  const throughRelay: RunningServer = {
    ...host,
    pid: relay.pid,
    taskSocket: path.join(dir, 'task.sock'),
    cpuMs: () => cpuMsOf(relay.pid),
  };
  const runs: RelayedRun[] = [];
  try {
    for (const concurrency of concurrencies) {
      const shape = job(concurrency);
      ctx.say(`stats: task Stats through the task relay once a second, ${concurrency} in flight…`);
      const daemonBefore = host.cpuMs();
      const load = await runLoad(throughRelay, shape);
      const daemonMs = host.cpuMs() - daemonBefore;
      const daemonUs = load.calls ? (daemonMs * 1000) / load.calls : 0;
      runs.push({
        containers: shape.to - shape.from,
        rounds: shape.rounds ?? 0,
        concurrency,
        load,
        cpuUsPerCall: { relay: load.serverCpuUsPerCall, daemon: round(daemonUs) },
        coreFraction: {
          relay: round((load.serverCpuUsPerCall * load.calls) / 1e6 / load.seconds, 4),
          // Read around the whole worker run: with no warm-up round, the extra is the idle daemon while it starts.
          daemon: round(daemonMs / 1000 / load.seconds, 4),
        },
      });
    }
  } finally {
    await relay.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}
