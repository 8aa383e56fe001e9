import { status } from '@grpc/grpc-js';
import { CtlError, isServiceError, UsageError } from '../errors.js';
import type { DaemonApi } from '../daemon-api.js';
import { resolveContainer } from '../resolve.js';
import { text, type Verb } from '../verb.js';

const SIGTERM = 15;
const SIGKILL = 9;
/** How long to wait for the exit after SIGKILL before giving up. */
const KILL_WAIT_MS = 10_000;

/**
 * Like containerd's StopContainer: SIGTERM and a wait of up to `graceSeconds`, then SIGKILL (at once when the
 * grace period is 0). A stopped container is left alone.
 */
export async function stopContainer(
  api: DaemonApi,
  sandboxId: string,
  id: string,
  graceSeconds: number,
): Promise<void> {
  if ((await api.getContainer(id)).state === 'stopped') return;
  if (graceSeconds > 0) {
    await api.killTask(sandboxId, id, SIGTERM);
    if (await api.waitTask(sandboxId, id, graceSeconds * 1000)) return;
  }
  try {
    await api.killTask(sandboxId, id, SIGKILL);
  } catch (error) {
    // It exited between the wait and the kill: the daemon answers NOT_FOUND ("process already finished").
    if (!isServiceError(error) || error.code !== status.NOT_FOUND) throw error;
  }
  if (!(await api.waitTask(sandboxId, id, KILL_WAIT_MS))) {
    throw new CtlError(
      `container ${id} did not exit within ${KILL_WAIT_MS / 1000}s of SIGKILL`,
      'DEADLINE_EXCEEDED',
    );
  }
}

export function parseSeconds(value: string | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(seconds)) {
    throw new UsageError(`${option} must be a whole number of seconds, got ${JSON.stringify(value)}`);
  }
  return seconds;
}

export const stop: Verb = {
  name: 'stop',
  args: 'CONTAINER_ID...',
  summary: 'stop running containers (SIGTERM, then SIGKILL after --timeout)',
  description:
    'Kill with SIGTERM, Wait up to --timeout seconds, then Kill with SIGKILL, as containerd stops a container\n' +
    '(--timeout 0: SIGKILL at once). Stopping a stopped container succeeds.',
  options: { timeout: { type: 'string', short: 't' } },
  optionHelp: [['-t, --timeout SECONDS', 'grace period before SIGKILL (default 10)']],
  minArgs: 1,
  maxArgs: Infinity,
  defaultOutput: 'table',
  async run({ api, io }, ids, values) {
    const grace = parseSeconds(text(values, 'timeout'), 10, '--timeout');
    for (const prefix of ids) {
      const container = await resolveContainer(api, prefix);
      await stopContainer(api, container.sandboxId, container.id, grace);
      io.stdout(container.id + '\n');
    }
  },
};
