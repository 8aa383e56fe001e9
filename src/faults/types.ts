import type { StatusName } from '../core/errors.js';

/**
 * The shapes fault injection is built from (docs/faults.md). A call is described as a CallTarget before it reaches
 * the supervisor; the sources (container and pod annotations, the daemon's fault plan) answer with a FaultDecision,
 * which the gate applies: hold the call for `delayMs`, then fail it (error or panic) or let it through.
 */

/** The gRPC status code names an injected error may carry (as in grpc-js's `status` enum). */
export type FaultCode = StatusName;

export type FaultService = 'Controller' | 'Task';

/** The pod a call concerns, from its PodSandboxConfig metadata: counted faults are counted per pod, not per id. */
export interface PodIdentity {
  namespace: string;
  name: string;
  uid: string;
  attempt: number;
}

/** One incoming call, as far as fault selection needs to know it. */
export interface CallTarget {
  service: FaultService;
  /** The method's bare name, as in containerd's failpoint annotations: `Create`, `Start`, `Stats`, ... */
  method: string;
  sandboxId: string;
  containerId: string;
  execId: string;
  /** Null when the call names no known sandbox (or the sandbox has no PodSandboxConfig). */
  pod: PodIdentity | null;
  /** The container's name (CRI's `io.kubernetes.cri.container-name`); '' for Controller calls or unknown. */
  container: string;
}

/** What one failpoint term does to one call (containerd's internal/failpoint term types). */
export type FaultAction =
  | { kind: 'off' }
  | { kind: 'delay'; ms: number }
  | { kind: 'error'; code: FaultCode; message: string }
  | { kind: 'panic'; message: string };

/** What happens to one call: held for `delayMs`, then `outcome` (off: it proceeds). `reasons` name each rule. */
export interface FaultDecision {
  delayMs: number;
  outcome: FaultAction;
  reasons: string[];
}

/** One rule of the fault plan, as written in `--faults <yaml>` or added at run time (JSON-able). */
export interface FaultRuleView {
  id: string;
  origin: 'file' | 'runtime';
  /** One line a person reads: `Task.Start pod=web-* 1*error(UNAVAILABLE: retry)`. */
  description: string;
  /** The rule as given, re-encoded as JSON. */
  ruleJson: string;
  /** How many calls it changed so far. */
  hits: number;
}

/** The daemon's fault plan: rules from `--faults` plus those added at run time through the Faults service. */
export interface FaultRules {
  /** Parses one rule (YAML or JSON text of one list item) and adds it; throws InvalidArgumentError naming the field. */
  add(ruleText: string): FaultRuleView;
  list(): FaultRuleView[];
  /** False when no rule has that id. */
  remove(id: string): boolean;
  /** Removes every rule; returns how many. */
  clear(): number;
  /** The plan's contribution for one call at `nowMs`, or null when no rule applies. */
  decide(target: CallTarget, nowMs: number): FaultDecision | null;
}
