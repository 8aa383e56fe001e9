/** One rule of the plan with its run-time state: its id, the hits, its counts, draws or outage window. */
import { describeRule } from './describe-rule.js';
import { FailpointCounts } from './failpoint-counts.js';
import { LatencyDraw } from './latency-draw.js';
import type { RuleSpec } from './rule-spec.js';
import type { CallTarget, FaultAction, FaultRuleView } from './types.js';

export type RuleOrigin = FaultRuleView['origin'];

export interface RuleSettings {
  /** How many counting keys a failpoint rule keeps (count-key.ts). */
  maxCountKeys: number;
  /** A seed for a latency rule that gives none. */
  randomSeed: () => number;
}

export class PlanRule {
  /** Calls this rule changed. */
  hits = 0;
  readonly description: string;
  /** `rule r2 (Task.Start pod=web-* 1*error(oops))`: how a decision names it. */
  readonly reason: string;
  readonly failpoint: FailpointCounts | null = null;
  readonly latency: LatencyDraw | null = null;
  private readonly methods: ReadonlySet<string> | null;
  private readonly outageFromMs: number = 0;
  private readonly outageUntilMs: number = 0;
  private readonly outageAction: FaultAction | null = null;

  constructor(
    readonly id: string,
    readonly origin: RuleOrigin,
    readonly spec: RuleSpec,
    addedAtMs: number,
    settings: RuleSettings,
  ) {
    this.description = describeRule(spec);
    this.reason = `rule ${id} (${this.description})`;
    this.methods = spec.methods ? new Set(spec.methods) : null;
    const effect = spec.effect;
    if (effect.kind === 'failpoint')
      this.failpoint = new FailpointCounts(effect.failpoint, settings.maxCountKeys);
    if (effect.kind === 'latency') this.latency = new LatencyDraw(effect, settings.randomSeed);
    if (effect.kind === 'outage') {
      this.outageFromMs = addedAtMs + effect.after.ms;
      this.outageUntilMs = this.outageFromMs + effect.for.ms;
      this.outageAction = Object.freeze({
        kind: 'error',
        code: 'UNAVAILABLE',
        message: `runtime outage injected by rule ${id}`,
      });
    }
  }

  matches(target: CallTarget): boolean {
    const spec = this.spec;
    if (spec.service !== null && spec.service !== target.service) return false;
    if (this.methods !== null && !this.methods.has(target.method)) return false;
    // A container selector, even `*`, selects calls that concern a container.
    if (spec.container !== null && (target.container === '' || !spec.container.matches(target.container)))
      return false;
    if (spec.namespace === null && spec.pod === null) return true;
    const pod = target.pod;
    if (pod === null) return false;
    return (
      (spec.namespace === null || spec.namespace.matches(pod.namespace)) &&
      (spec.pod === null || spec.pod.matches(pod.name))
    );
  }

  /** UNAVAILABLE while the outage lasts (from `after` past when the rule was added, for `for`), else null. */
  outageAt(nowMs: number): FaultAction | null {
    return nowMs >= this.outageFromMs && nowMs < this.outageUntilMs ? this.outageAction : null;
  }

  view(): FaultRuleView {
    return {
      id: this.id,
      origin: this.origin,
      description: this.description,
      ruleJson: this.spec.json,
      hits: this.hits,
    };
  }
}
