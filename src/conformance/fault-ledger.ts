import type { CallRecord } from '../generated/resourceslot/v1/inspect.js';

/** One Controller or Task call as the fault layer names it: `id` is the sandbox id, or the task id. */
export interface CallIdentity {
  service: 'Controller' | 'Task';
  method: string;
  id: string;
}

export const methodOf = (call: CallIdentity): string => `${call.service}.${call.method}`;
export const describeCall = (call: CallIdentity): string => `${methodOf(call)} of ${call.id}`;

/** What the sandbox's Status (the task's State) said before and after a call that failed by injection. */
export type Comparison =
  | { kind: 'unchanged' }
  | { kind: 'changed'; before: string; after: string }
  | { kind: 'not-compared'; why: string };

export interface InjectedFailure {
  call: CallIdentity;
  /** The call log's record of it: its code and the fault with its rule. */
  record: CallRecord;
  /** The error's message as the runner got it (the log keeps only the code). */
  details: string;
  comparison: Comparison;
}

/**
 * How a call that failed by injection ended. It got through when retried: it succeeded, gave the sandboxer's own
 * answer (e.g. a refusal the check expects), or (a Wait) was pending when the check stopped waiting. Or it did
 * not: it kept failing by injection up to the bound, or was not retried because the failure had changed state.
 */
export type RetryOutcome = 'succeeded' | 'answered' | 'pending' | 'exhausted' | 'not-retried';

export const GOT_THROUGH: ReadonlySet<RetryOutcome> = new Set(['succeeded', 'answered', 'pending']);

export interface RetriedCall {
  call: CallIdentity;
  tries: number;
  outcome: RetryOutcome;
}

/** Everything the fault layer saw during the run, for the faults.* checks. */
export class FaultLedger {
  readonly failures: InjectedFailure[] = [];
  readonly retried: RetriedCall[] = [];
}
