import type { Logger } from 'pino';
import type { CallEntry } from '../calls/types.js';
import { InjectedError } from '../core/errors.js';
import type { FaultDecision, FaultRules, FaultService } from '../faults/types.js';
import type { CallTargets, DescribedCall } from './call-targets.js';
import { asSandboxerError, grpcCodeName } from './status.js';

/** Where the gate writes each answered call (src/calls/call-log.ts). */
export interface CallRecorder {
  record(entry: Omit<CallEntry, 'seq'>): unknown;
}

/** The faults a call's own annotations declare (src/faults/annotation-faults.ts). */
export interface AnnotationFaultSource {
  decide(call: DescribedCall): FaultDecision | null;
}

export interface FaultGateConfig {
  targets: CallTargets;
  rules: FaultRules;
  annotations: AnnotationFaultSource;
  calls: CallRecorder;
  log: Logger;
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Runs the call's work unless a fault says otherwise. */
export type CallWork<T> = () => Promise<T>;

/**
 * Every Controller and Task call passes here before it becomes a supervisor request (docs/faults.md): the fault
 * plan and the call's annotations decide whether it is held (delay), failed (error, panic) or let through, and the
 * answer is written to the call log. A fault acts before the work runs, so an injected failure changes nothing and
 * writes nothing; a delay holds this call only.
 */
export class FaultGate {
  constructor(private readonly config: FaultGateConfig) {}

  /** The wrapper for one service's unary handlers (src/transport/unary.ts). */
  around(service: FaultService) {
    return <T>(method: string, request: object, work: CallWork<T>): Promise<T> =>
      this.run(service, method, request, work);
  }

  async run<T>(service: FaultService, method: string, request: object, work: CallWork<T>): Promise<T> {
    const { targets, now, calls } = this.config;
    const atMs = now();
    const described =
      service === 'Controller' ? targets.controller(method, request) : targets.task(method, request);
    const call = described instanceof Promise ? await described : described;
    const decision = this.decide(call, atMs);
    const fault = decision ? decision.reasons.join('; ') : '';
    let code = 'OK';
    try {
      if (decision) await this.apply(decision, call);
      return await work();
    } catch (caught) {
      code = grpcCodeName(asSandboxerError(caught));
      throw caught;
    } finally {
      const { sandboxId, containerId, execId } = call.target;
      calls.record({
        atMs,
        service,
        method,
        sandboxId,
        containerId,
        execId,
        code,
        fault,
        durationMs: now() - atMs,
      });
    }
  }

  /** The plan's outcome (an outage, a failpoint rule) wins over the annotations'; their delays add up. */
  private decide(call: DescribedCall, atMs: number): FaultDecision | null {
    const plan = this.config.rules.decide(call.target, atMs);
    if (plan && plan.outcome.kind !== 'off') return plan;
    const own = this.config.annotations.decide(call);
    if (!own) return plan;
    if (!plan) return own;
    return {
      delayMs: plan.delayMs + own.delayMs,
      outcome: own.outcome,
      reasons: [...plan.reasons, ...own.reasons],
    };
  }

  private async apply(decision: FaultDecision, call: DescribedCall): Promise<void> {
    const { target } = call;
    const fields = {
      sandboxId: target.sandboxId,
      containerId: target.containerId,
      method: `${target.service}.${target.method}`,
      fault: decision.reasons,
    };
    const { outcome } = decision;
    this.config.log.warn({ ...fields, delayMs: decision.delayMs, outcome: outcome.kind }, 'Fault injected');
    if (decision.delayMs > 0) await this.config.sleep(decision.delayMs);
    if (outcome.kind === 'error') throw new InjectedError(outcome.code, outcome.message);
    if (outcome.kind === 'panic') throw new InjectedError('INTERNAL', `panic: ${outcome.message}`);
  }
}
