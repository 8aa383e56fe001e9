import type { CallRecord } from '../generated/resourceslot/v1/inspect.js';
import type { SandboxerFaults } from './sandboxer-faults.js';

/** How many of one method's calls the sandboxer's log shows with an injected fault. */
export interface MethodTally {
  /** `Controller.Start`, `Task.State`. */
  method: string;
  /** Failed by the fault: the runner saw the failure and matched it to a rule's error. */
  failed: number;
  /** Held by a delay, then answered as they would have been (OK or the call's own error). */
  delayed: number;
}

/**
 * The run's calls the sandboxer's log holds: those on the run's sandboxes and those on its tasks (a task call on
 * an unknown task names no sandbox), oldest first; `dropped` counts the calls of the run's time no longer held.
 */
export async function callsOfRun(
  sandboxer: SandboxerFaults,
  idPrefix: string,
): Promise<{ calls: CallRecord[]; dropped: number }> {
  const bySandbox = await sandboxer.callsSinceInstall({ sandboxId: idPrefix, containerId: '', method: '' });
  const byTask = await sandboxer.callsSinceInstall({ sandboxId: '', containerId: idPrefix, method: '' });
  const calls = new Map<number, CallRecord>();
  for (const record of [...bySandbox.calls, ...byTask.calls]) calls.set(record.seq, record);
  return {
    calls: [...calls.values()].sort((a, b) => a.seq - b.seq),
    dropped: Math.max(bySandbox.dropped, byTask.dropped),
  };
}

/** Per method, in the order the methods were first faulted; `injected` holds the seqs of injected failures. */
export function tallyFaults(calls: readonly CallRecord[], injected: ReadonlySet<number>): MethodTally[] {
  const tally = new Map<string, MethodTally>();
  for (const { seq, service, method, fault } of calls) {
    if (fault === '') continue;
    const name = `${service}.${method}`;
    let entry = tally.get(name);
    if (!entry) tally.set(name, (entry = { method: name, failed: 0, delayed: 0 }));
    if (injected.has(seq)) entry.failed += 1;
    else entry.delayed += 1;
  }
  return [...tally.values()];
}

/** `Controller.Start 31 failed, Controller.Status 12 delayed`, or `none`. */
export function describeTally(tally: readonly MethodTally[]): string {
  if (tally.length === 0) return 'none';
  return tally
    .map(({ method, failed, delayed }) => {
      const parts = [failed > 0 ? `${failed} failed` : '', delayed > 0 ? `${delayed} delayed` : ''];
      return `${method} ${parts.filter((part) => part !== '').join(' ')}`;
    })
    .join(', ');
}
