import type { CallFilter, CallRecord } from '../generated/resourceslot/v1/inspect.js';
import { fail } from './verdict.js';
import type { CallIdentity } from './fault-ledger.js';
import type { InjectableError } from './injectable-errors.js';
import { codeName, describeFailure, isServiceError } from './rpc.js';

/** Reads the sandboxer's call log (SandboxerFaults.callsSinceInstall). */
export type CallLogReader = (filter: CallFilter) => Promise<{ calls: CallRecord[] }>;

/**
 * Tells a failure the sandboxer injected from one of its own, by asking its call log, as `resource-slot-ctl calls`
 * shows it: the latest record of that call with the code the runner got. The failure was injected when the record
 * names a fault and the error is one the sandboxer's rules inject (injectable-errors.ts); a call that was only
 * held by a delay and then failed on its own is not. Each record explains one failure only.
 */
export class InjectionWitness {
  private readonly claimed = new Set<number>();

  constructor(
    private readonly readCalls: CallLogReader,
    private readonly injectable: () => readonly InjectableError[],
  ) {}

  /** The record of the call that just failed with `error`, when the fault was injected; null otherwise. */
  async injected(call: CallIdentity, error: unknown): Promise<CallRecord | null> {
    if (!isServiceError(error)) return null;
    const code = codeName(error.code);
    const filter: CallFilter =
      call.service === 'Controller'
        ? { sandboxId: call.id, containerId: '', method: `Controller.${call.method}` }
        : { sandboxId: '', containerId: call.id, method: `Task.${call.method}` };
    let calls: CallRecord[];
    try {
      ({ calls } = await this.readCalls(filter));
    } catch (readError) {
      return fail(
        `${describeFailure(`${call.service}.${call.method} of ${call.id}`, error)}; whether that was injected ` +
          `is unknown: ${describeFailure('the call log (ListCalls)', readError)}`,
      );
    }
    const id = (record: CallRecord): string =>
      call.service === 'Controller' ? record.sandboxId : record.containerId;
    const record = calls
      .filter((candidate) => id(candidate) === call.id && candidate.code === code)
      .filter((candidate) => !this.claimed.has(candidate.seq))
      .at(-1);
    if (!record || record.fault === '') return null;
    const { details } = error;
    if (!this.injectable().some((injected) => injected.code === code && injected.details === details)) {
      return null;
    }
    this.claimed.add(record.seq);
    return record;
  }
}
