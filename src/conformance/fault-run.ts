import type { PlanRule } from './fault-plan-file.js';
import { callsOfRun, tallyFaults } from './fault-tally.js';
import { injectableErrors, type InjectableError } from './injectable-errors.js';
import { InjectionWitness } from './injection-witness.js';
import { Resilience, type RetryPolicy } from './resilience.js';
import type { FaultSummary } from './report.js';
import { SandboxerFaults } from './sandboxer-faults.js';
import { sleep } from './watch.js';

/** A run under a fault plan (--faults): the plan, the sandboxer's Faults and call log, and the retry layer. */
export interface FaultRun {
  /** The plan file, as given. */
  planFile: string;
  rules: readonly PlanRule[];
  sandboxer: SandboxerFaults;
  layer: Resilience;
}

export function newFaultRun(
  planFile: string,
  rules: readonly PlanRule[],
  options: { socket: string; callTimeoutMs: number; policy: RetryPolicy },
): FaultRun {
  const sandboxer = new SandboxerFaults(options.socket, options.callTimeoutMs);
  let injectable: InjectableError[] | null = null;
  const witness = new InjectionWitness(
    (filter) => sandboxer.callsSinceInstall(filter),
    () => (injectable ??= injectableErrors(sandboxer.rulesInForce)),
  );
  const layer = new Resilience({ policy: options.policy, witness, sleep });
  return { planFile, rules, sandboxer, layer };
}

/** What the report says about the faults: the plan's rules and, per method, what the call log shows. */
export async function summarizeFaults(run: FaultRun, idPrefix: string): Promise<FaultSummary> {
  const { calls, dropped } = await callsOfRun(run.sandboxer, idPrefix);
  const injected = new Set(run.layer.ledger.failures.map(({ record }) => record.seq));
  return {
    plan: run.planFile,
    rules: run.sandboxer.rules.map(({ id, description }) => ({ id, description })),
    injected: tallyFaults(calls, injected),
    dropped,
  };
}
