/**
 * Figure 7: the lifecycle benchmark on a daemon holding W running sandboxes, first without and then with a pending
 * Wait on each of them (held by this process on one connection, as containerd holds them). Stopping the W
 * sandboxes at the end must answer every Wait: that proves they were pending all along.
 */
import fs from 'node:fs';
import path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { ControllerClient } from '../../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { controllerCalls } from '../../helpers/requests.js';
import { sandboxId } from '../load.js';
import { lifecycleJob, newRunDirs, type BenchContext } from '../runs.js';
import { startDaemonBinary } from '../servers.js';
import { ratio } from '../stats.js';
import { runLoad, type MeasuredLoad } from '../workers.js';
import { DEFAULT_SYNC } from './throughput.js';

export interface WaitersFigure {
  waiters: number;
  concurrency: number;
  without: MeasuredLoad;
  with: MeasuredLoad;
  /** calls/s with the waiters / without */
  ratio: number | null;
  answeredAfterStop: number;
}

const HELD = 'held';

export async function waitersFigure(ctx: BenchContext): Promise<WaitersFigure> {
  const { waiters, waitersConcurrency: concurrency, lifecycles } = ctx.config;
  const dirs = newRunDirs(ctx, 'disk', 'waiters');
  fs.mkdirSync(path.dirname(dirs.logFile), { recursive: true });
  const server = await startDaemonBinary({
    ...dirs,
    sync: DEFAULT_SYNC,
    logLevel: ctx.config.logLevel,
    env: ctx.config.daemonEnv,
    maxSandboxes: waiters + concurrency + ctx.config.warmup + 100,
  });
  const client = new ControllerClient(`unix:${server.controllerSocket}`, credentials.createInsecure());
  const calls = controllerCalls(client);
  try {
    ctx.say(`waiters: starting ${waiters} sandboxes to wait on…`);
    const fill = await runLoad(server, {
      kind: 'fill',
      prefix: HELD,
      containers: 0,
      bundles: null,
      from: 0,
      to: waiters,
      concurrency: ctx.config.fillConcurrency,
      warmup: 0,
    });
    if (fill.errors > 0) throw new Error(`starting the waited-on sandboxes failed ${fill.errors} times`);
    ctx.say(`waiters: ${lifecycles} lifecycles, ${concurrency} in flight, no Waits pending…`);
    const without = await runLoad(server, lifecycleJob(ctx, 'wa', lifecycles, concurrency));

    ctx.say(`waiters: … the same with ${waiters} Waits pending…`);
    const answered = Array.from({ length: waiters }, (_, index) =>
      calls.wait(sandboxId(HELD, index)).then(
        () => 1,
        () => 0,
      ),
    );
    // A later call on the same connection answered means the Waits sent before it have arrived; the pause is slack.
    await calls.status(sandboxId(HELD, 0));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const withWaiters = await runLoad(server, lifecycleJob(ctx, 'wb', lifecycles, concurrency));

    ctx.say('waiters: stopping the waited-on sandboxes…');
    await runStops(calls, waiters, ctx.config.fillConcurrency);
    const answeredAfterStop = (await Promise.all(answered)).reduce<number>((sum, ok) => sum + ok, 0);
    return {
      waiters,
      concurrency,
      without,
      with: withWaiters,
      ratio: ratio(withWaiters.callsPerSecond, without.callsPerSecond),
      answeredAfterStop,
    };
  } finally {
    client.close();
    await server.stop();
    fs.rmSync(dirs.dir, { recursive: true, force: true });
  }
}

async function runStops(
  calls: ReturnType<typeof controllerCalls>,
  count: number,
  concurrency: number,
): Promise<void> {
  let next = 0;
  const loop = async (): Promise<void> => {
    while (next < count) await calls.stop(sandboxId(HELD, next++));
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}
