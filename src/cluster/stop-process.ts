/**
 * Stops recorded processes by pid, and only while the pid is still the recorded process (process-identity.ts):
 * SIGTERM, then SIGKILL after a grace period.
 */
import { isSameProcess } from './process-identity.js';
import type { ProcessRecord } from './state.js';

const POLL_MS = 100;

/** How long a SIGKILLed process may take to go (an uninterruptible sleep) before `down` reports it. */
const KILL_WAIT_MS = 10_000;

export type StopOutcome = 'stopped' | 'killed' | 'not running' | 'still running';

export async function stopProcess(record: ProcessRecord, graceMs: number): Promise<StopOutcome> {
  if (!isSameProcess(record.pid, record.startTime)) return 'not running';
  signal(record.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isSameProcess(record.pid, record.startTime)) return 'stopped';
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  signal(record.pid, 'SIGKILL');
  const killDeadline = Date.now() + KILL_WAIT_MS;
  while (isSameProcess(record.pid, record.startTime)) {
    if (Date.now() > killDeadline) return 'still running';
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return 'killed';
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone in between
  }
}
