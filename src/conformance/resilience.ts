import type { CallRecord } from '../generated/resourceslot/v1/inspect.js';
import {
  describeCall,
  FaultLedger,
  type CallIdentity,
  type Comparison,
  type RetriedCall,
  type RetryOutcome,
} from './fault-ledger.js';
import { describeFailure, isServiceError, type Pending } from './rpc.js';
import { fail } from './verdict.js';

export interface RetryPolicy {
  /** Tries of one call in all, the first included. */
  tries: number;
  /** The pause before the second try; it doubles before each later one. */
  backoffMs: number;
}

/** How the layer looks at what a call concerns: the sandbox's Status or the task's State. */
export interface Look {
  call: CallIdentity;
  /** The state as one line (state-snapshot.ts); rejects with the call's error. */
  send(): Promise<string>;
  /** The line for an answer that is an error the sandboxer gave itself (`Status answers NOT_FOUND`). */
  answered(error: unknown): string;
}

export interface ResilienceDeps {
  policy: RetryPolicy;
  /** The call log's record of a failed call when the fault was injected (injection-witness.ts). */
  witness: { injected(call: CallIdentity, error: unknown): Promise<CallRecord | null> };
  sleep(ms: number): Promise<void>;
}

const NOT_COMPARED_FIRST_LOOK =
  'it was the look taken before the call, and nothing earlier says what the state was';
const NOT_COMPARED_AFTER_CHANGE = 'the failed call before it changed the state, so its own effect is unknown';
const NOT_COMPARED_WAIT =
  "a Wait runs alongside the check's other calls, which may change the state meanwhile";
const NOT_COMPARED_NO_LOOK = 'no look succeeded after it';

/**
 * The runner's stand-in for containerd's retries under a fault plan: a call that fails with an injected fault
 * (the sandboxer's call log says so) is retried, up to the policy's bound with a doubling pause, once the runner
 * has seen that the failed call changed nothing: the sandbox's Status (the task's State) is the same before and
 * after it. A failure that was not injected is the call's answer, as without the layer. Everything seen goes to
 * the ledger, from which the faults.* checks judge.
 */
export class Resilience {
  readonly ledger = new FaultLedger();

  constructor(private readonly deps: ResilienceDeps) {}

  get policy(): RetryPolicy {
    return this.deps.policy;
  }

  async call<T>(call: CallIdentity, look: Look, send: () => Promise<T>): Promise<T> {
    const first = await this.observe(look, `before ${describeCall(call)}`);
    this.record(look.call, first.failures, { kind: 'not-compared', why: NOT_COMPARED_FIRST_LOOK });
    let before = first.seen;
    const settle = this.retrying(call);
    for (let tries = 1; ; tries += 1) {
      let error: unknown;
      try {
        const answer = await send();
        if (tries > 1) settle(tries, 'succeeded');
        return answer;
      } catch (caught) {
        error = caught;
      }
      const record = await this.deps.witness.injected(call, error);
      if (!record) {
        if (tries > 1) settle(tries, 'answered');
        throw error;
      }
      const after = await this.observe(look, `after ${describeCall(call)} failed`);
      if (after.seen !== before) {
        this.record(call, [{ record, error }], { kind: 'changed', before, after: after.seen });
        this.record(look.call, after.failures, { kind: 'not-compared', why: NOT_COMPARED_AFTER_CHANGE });
        settle(tries, 'not-retried');
        return fail(
          `${describeInjected(call, error, record)}, yet it changed ${whatOf(call)}: before "${before}", after ` +
            `"${after.seen}"; containerd retries such a call, which must change nothing`,
        );
      }
      // The state is as it was: neither the failed call nor a failed look in between changed it.
      this.record(call, [{ record, error }], { kind: 'unchanged' });
      this.record(look.call, after.failures, { kind: 'unchanged' });
      await this.pauseOrGiveUp(call, tries, error, record, settle);
      before = after.seen;
    }
  }

  /**
   * A long-lived call (Wait), sent again when it fails by injection. It is not compared: the check's other calls
   * run while it is pending and may change the state legitimately.
   */
  pending<T>(call: CallIdentity, send: () => Pending<T>): Pending<T> {
    let current = send();
    let cancelled = false;
    // Recorded as pending once sent again, so a Wait still pending when the faults.* checks run is counted.
    const settle = this.retrying(call);
    const answer = (async (): Promise<T> => {
      for (let tries = 1; ; tries += 1) {
        let error: unknown;
        try {
          const result = await current.answer;
          if (tries > 1) settle(tries, 'succeeded');
          return result;
        } catch (caught) {
          error = caught;
        }
        const record = cancelled ? null : await this.deps.witness.injected(call, error);
        if (!record) {
          if (tries > 1) settle(tries, cancelled ? 'pending' : 'answered');
          throw error;
        }
        this.record(call, [{ record, error }], { kind: 'not-compared', why: NOT_COMPARED_WAIT });
        await this.pauseOrGiveUp(call, tries, error, record, settle);
        settle(tries + 1, 'pending');
        if (cancelled) throw error;
        current = send();
      }
    })();
    return {
      answer,
      cancel: () => {
        cancelled = true;
        current.cancel();
      },
    };
  }

  /** The state now, by a look that is itself retried when a fault is injected into it. */
  private async observe(look: Look, when: string): Promise<{ seen: string; failures: Witnessed[] }> {
    const failures: Witnessed[] = [];
    const settle = this.retrying(look.call);
    for (let tries = 1; ; tries += 1) {
      let error: unknown;
      try {
        const seen = await look.send();
        if (tries > 1) settle(tries, 'succeeded');
        return { seen, failures };
      } catch (caught) {
        error = caught;
      }
      const record = await this.deps.witness.injected(look.call, error);
      if (!record) {
        if (tries > 1) settle(tries, 'answered');
        return { seen: look.answered(error), failures };
      }
      failures.push({ record, error });
      if (tries >= this.deps.policy.tries) {
        this.record(look.call, failures, { kind: 'not-compared', why: NOT_COMPARED_NO_LOOK });
      }
      await this.pauseOrGiveUp(look.call, tries, error, record, settle, ` (the runner's look ${when})`);
    }
  }

  private async pauseOrGiveUp(
    call: CallIdentity,
    tries: number,
    error: unknown,
    record: CallRecord,
    settle: Settle,
    context = '',
  ): Promise<void> {
    const { policy, sleep } = this.deps;
    if (tries < policy.tries) return sleep(policy.backoffMs * 2 ** (tries - 1));
    settle(tries, 'exhausted');
    return fail(
      `${describeInjected(call, error, record)}${context}, on all ${tries} tries the runner makes (containerd ` +
        'too retries a little, then reports the failure)',
    );
  }

  private record(call: CallIdentity, failures: readonly Witnessed[], comparison: Comparison): void {
    for (const { record, error } of failures) {
      this.ledger.failures.push({ call, record, details: detailsOf(error), comparison });
    }
  }

  /** Records one call in the ledger at its first retry and updates it as it goes on. */
  private retrying(call: CallIdentity): Settle {
    let entry: RetriedCall | null = null;
    return (tries, outcome) => {
      if (entry) Object.assign(entry, { tries, outcome });
      else this.ledger.retried.push((entry = { call, tries, outcome }));
    };
  }
}

type Settle = (tries: number, outcome: RetryOutcome) => void;

/** A failure the witness found injected, with the error the runner got. */
interface Witnessed {
  record: CallRecord;
  error: unknown;
}

const detailsOf = (error: unknown): string => (isServiceError(error) ? error.details : String(error));

const whatOf = (call: CallIdentity): string => (call.service === 'Controller' ? 'the sandbox' : 'the task');

function describeInjected(call: CallIdentity, error: unknown, record: CallRecord): string {
  return `${describeFailure(describeCall(call), error)} (injected: ${record.fault})`;
}
