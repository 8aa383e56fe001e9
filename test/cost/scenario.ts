/**
 * The pods test/cost/ and docs/planning.md cost, on an in-process daemon whose clock the test sets: `web` (shop)
 * from T0, `batch` (jobs) from T0 + 1h, asked at T0 + 2h.
 */
import path from 'node:path';
import { nanosOfUnits, parseNanos } from '../../src/node/amounts.js';
import { startInProcessDaemon } from '../helpers/in-process-daemon.js';
import { ctlOk } from '../ctl/run-ctl.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/cost');
export const fixture = (name: string): string => path.join(FIXTURES, name);

export const T0 = Date.parse('2025-01-01T00:00:00.000Z');
export const HOUR = 3_600_000;

interface Teardown {
  teardown(fn: () => unknown): void;
}

async function runPod(socket: string, pod: string, container: string): Promise<void> {
  const podId = (await ctlOk(socket, ['runp', fixture(pod)])).trim();
  const containerId = (await ctlOk(socket, ['create', podId, fixture(container)])).trim();
  await ctlOk(socket, ['start', containerId]);
}

/** The daemon with both pods, its clock at T0 + 2h; `clock.now` moves it. */
export async function costScenario(t: Teardown) {
  const clock = { now: T0 };
  const started = await startInProcessDaemon(t, {
    now: () => clock.now,
    node: {
      capacity: new Map([
        ['cpu', parseNanos('4')],
        ['memory', parseNanos('8Gi')],
        ['pods', nanosOfUnits(10)],
      ]),
      evictionHard: [],
    },
  });
  await runPod(started.socket, 'web-pod.yaml', 'web-app.yaml');
  clock.now = T0 + HOUR;
  await runPod(started.socket, 'batch-pod.yaml', 'batch-worker.yaml');
  clock.now = T0 + 2 * HOUR;
  return { ...started, clock };
}
