import type { Check } from '../check.js';
import { describeCall, GOT_THROUGH, methodOf, type CallIdentity, type RetriedCall } from '../fault-ledger.js';
import type { FaultRun } from '../fault-run.js';
import { callsOfRun, describeTally, tallyFaults } from '../fault-tally.js';
import { injectableErrors, ruleIdsNamedIn } from '../injectable-errors.js';
import type { Session } from '../session.js';
import { fail, pass, skip } from '../verdict.js';

/** Only a run with --faults has them; they run after every other check and judge what those saw. */
function faultRunOf(session: Session): FaultRun {
  const run = session.options.faults;
  if (!run) return skip('the run has no --faults plan');
  return run;
}

const NOTHING_INJECTED =
  "no call of the run failed by an injected fault, so there is nothing to judge (does the plan select the runner's calls?)";

/** `Controller.Start ×3, Task.State ×1`. */
function perMethod(calls: readonly CallIdentity[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(methodOf(call), (counts.get(methodOf(call)) ?? 0) + 1);
  return [...counts].map(([method, count]) => `${method} ×${count}`).join(', ');
}

/** At most a few examples, so a failure stays one readable line. */
const some = (items: readonly string[]): string =>
  items.slice(0, 3).join('; ') + (items.length > 3 ? `; and ${items.length - 3} more` : '');

const changesNothing: Check = {
  name: 'faults.injected-failure-changes-nothing',
  run: async (session) => {
    const { failures } = faultRunOf(session).layer.ledger;
    if (failures.length === 0) skip(NOTHING_INJECTED);
    const changed = failures.flatMap(({ call, comparison }) =>
      comparison.kind === 'changed'
        ? [`${describeCall(call)}: before "${comparison.before}", after "${comparison.after}"`]
        : [],
    );
    if (changed.length > 0) {
      fail(`${changed.length} of ${failures.length} injected failures changed state: ${some(changed)}`);
    }
    const compared = failures.filter(({ comparison }) => comparison.kind === 'unchanged');
    const whyNot = [
      ...new Set(
        failures.flatMap(({ comparison }) => (comparison.kind === 'not-compared' ? [comparison.why] : [])),
      ),
    ];
    const notCompared = failures.length - compared.length;
    if (compared.length === 0)
      skip(`none of the ${failures.length} injected failures could be compared: ${whyNot.join('; ')}`);
    return pass(
      `${compared.length} injected failures left Status/State as they were (${perMethod(compared.map(({ call }) => call))})` +
        (notCompared > 0 ? `; ${notCompared} not compared: ${whyNot.join('; ')}` : ''),
    );
  },
};

function describeStuck({ call, tries, outcome }: RetriedCall): string {
  return outcome === 'exhausted'
    ? `${describeCall(call)} still failed by injection after ${tries} tries`
    : `${describeCall(call)} was not retried, since its failure changed state`;
}

const retrySucceeds: Check = {
  name: 'faults.retry-succeeds',
  run: async (session) => {
    const { ledger, policy } = faultRunOf(session).layer;
    if (ledger.retried.length === 0) skip(NOTHING_INJECTED);
    const stuck = ledger.retried.filter(({ outcome }) => !GOT_THROUGH.has(outcome));
    if (stuck.length > 0) {
      fail(
        `${stuck.length} of ${ledger.retried.length} calls that failed by injection did not get through: ` +
          some(stuck.map(describeStuck)),
      );
    }
    const most = Math.max(...ledger.retried.map(({ tries }) => tries));
    const own = ledger.retried.filter(({ outcome }) => outcome === 'answered').length;
    return pass(
      `${ledger.retried.length} calls that failed by injection got through when retried, within ${most} of ` +
        `${policy.tries} tries (${perMethod(ledger.retried.map(({ call }) => call))})` +
        (own > 0 ? `; ${own} of them with the sandboxer's own answer, which the check then judged` : ''),
    );
  },
};

const callsLogged: Check = {
  name: 'faults.calls-logged',
  run: async (session) => {
    const { sandboxer, layer } = faultRunOf(session);
    const planIds = new Set(sandboxer.rules.map(({ id }) => id));
    const injectable = injectableErrors(sandboxer.rulesInForce);
    /** Whether one of the plan's rules named in `fault` injects that error (any message when unknown). */
    const injectedByPlan = (fault: string, code: string, details: string | null): boolean =>
      ruleIdsNamedIn(fault).some(
        (id) =>
          planIds.has(id) &&
          injectable.some(
            (error) =>
              error.ruleId === id && error.code === code && (details ?? error.details) === error.details,
          ),
      );
    const seen = layer.ledger.failures;
    const misnamed = seen.flatMap(({ call, record, details }) =>
      injectedByPlan(record.fault, record.code, details)
        ? []
        : [`${describeCall(call)} answered ${record.code} "${details}", logged as "${record.fault}"`],
    );
    const { calls, dropped } = await callsOfRun(sandboxer, session.idPrefix);
    const seenSeqs = new Set(seen.map(({ record }) => record.seq));
    const unseen = calls.flatMap((record) =>
      record.code !== 'OK' && !seenSeqs.has(record.seq) && injectedByPlan(record.fault, record.code, null)
        ? [
            `${record.service}.${record.method} of ${record.containerId || record.sandboxId} (seq ${record.seq}, ${record.code})`,
          ]
        : [],
    );
    if (seen.length === 0 && unseen.length === 0) skip(NOTHING_INJECTED);
    if (misnamed.length > 0) {
      fail(
        `${misnamed.length} injected failures are not logged with a plan rule that injects them: ${some(misnamed)}`,
      );
    }
    if (unseen.length > 0) {
      fail(
        `the call log shows ${unseen.length} failures injected by the plan that the runner never got: ${some(unseen)}`,
      );
    }
    const tally = describeTally(tallyFaults(calls, seenSeqs));
    return pass(
      `each of the ${seen.length} injected failures the runner saw is in the call log with the plan rule that ` +
        `injects it, and the log shows no other; faults in the run's calls: ${tally}` +
        (dropped > 0 ? ` (the log no longer holds ${dropped} calls of the run's time)` : ''),
    );
  },
};

/** The checks only a run with --faults has, in the order they run: after every other check. */
export const FAULT_CHECKS: readonly Check[] = [changesNothing, retrySucceeds, callsLogged];
