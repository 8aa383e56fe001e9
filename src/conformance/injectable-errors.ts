/**
 * The errors a sandboxer's fault rules can answer a call with, read from each rule as the Faults service lists it
 * (docs/faults.md): a failpoint's error and panic terms, and an outage. A call the log shows with a fault may
 * still have failed on its own (a delay holds a call, then the call fails as it would have), so the runner
 * counts a failure as injected only when it is one of these errors, code and message alike.
 */
import { parseFailpoint } from '../faults/failpoint-parser.js';
import type { FaultRule } from '../generated/resourceslot/v1/faults.js';

export interface InjectableError {
  ruleId: string;
  /** The gRPC code's name: UNAVAILABLE, INTERNAL, ... */
  code: string;
  details: string;
}

export function injectableErrors(rules: readonly FaultRule[]): InjectableError[] {
  return rules.flatMap((rule) => errorsOf(rule));
}

function errorsOf(rule: FaultRule): InjectableError[] {
  let written: unknown;
  try {
    written = JSON.parse(rule.ruleJson);
  } catch {
    return [];
  }
  if (typeof written !== 'object' || written === null) return [];
  const { failpoint, outage } = written as { failpoint?: unknown; outage?: unknown };
  const ruleId = rule.id;
  if (outage !== undefined) {
    return [{ ruleId, code: 'UNAVAILABLE', details: `runtime outage injected by rule ${ruleId}` }];
  }
  if (typeof failpoint !== 'string') return [];
  let terms;
  try {
    terms = parseFailpoint(failpoint, 'failpoint');
  } catch {
    return [];
  }
  return terms.flatMap(({ action }): InjectableError[] => {
    if (action.kind === 'error') return [{ ruleId, code: action.code, details: action.message }];
    if (action.kind === 'panic') return [{ ruleId, code: 'INTERNAL', details: `panic: ${action.message}` }];
    return [];
  });
}

/** The rule ids a call log's `fault` names: `rule r2 (Task.Start 1*error(x)); rule slow (...)`. */
export function ruleIdsNamedIn(fault: string): string[] {
  return [...fault.matchAll(/\brule ([A-Za-z0-9._-]+) \(/g)].map((match) => match[1] ?? '');
}
