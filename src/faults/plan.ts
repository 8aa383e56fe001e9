/**
 * The daemon's fault plan (docs/faults.md): the rules of the `--faults` file followed by those added at run time,
 * in that order. For one call: an active outage wins; else the first matching failpoint rule acts (off: nothing);
 * then every matching latency rule whose draw hits adds its delay.
 */
import { AlreadyExistsError } from '../core/errors.js';
import { FaultPlanFileError, parsePlanFile } from './plan-file.js';
import { PlanRule, type RuleSettings } from './plan-rule.js';
import type { RuleSpec } from './rule-spec.js';
import { parseRuleText } from './rule-text.js';
import type { CallTarget, FaultAction, FaultDecision, FaultRules, FaultRuleView } from './types.js';

export interface FaultPlanOptions {
  /** The clock outage windows start from (ms since the epoch). */
  now?: () => number;
  /** Counting keys kept per failpoint rule; beyond them the least recently seen are dropped. */
  maxCountKeys?: number;
  /** A seed for each latency rule that gives none. */
  randomSeed?: () => number;
}

const OFF: FaultAction = Object.freeze({ kind: 'off' });

export class FaultPlan implements FaultRules {
  private fileRules: PlanRule[] = [];
  private runtimeRules: PlanRule[] = [];
  /** The rules by effect, each in plan order: decide() looks at only those of a kind. */
  private outages: PlanRule[] = [];
  private failpoints: PlanRule[] = [];
  private latencies: PlanRule[] = [];
  /** The number of the next `r<n>` id; never goes back, so a call log's `rule r7` names one rule. */
  private nextNumber = 1;
  private readonly now: () => number;
  private readonly settings: RuleSettings;

  constructor(options: FaultPlanOptions = {}) {
    this.now = options.now ?? Date.now;
    this.settings = {
      maxCountKeys: options.maxCountKeys ?? 10_000,
      randomSeed: options.randomSeed ?? (() => Math.floor(Math.random() * 0x100000000)),
    };
  }

  add(ruleText: string): FaultRuleView {
    const spec = parseRuleText(ruleText);
    const taken = this.ids();
    if (spec.name !== null && taken.has(spec.name))
      throw new AlreadyExistsError(`rule.name: a rule named ${JSON.stringify(spec.name)} exists already`);
    const id = spec.name ?? this.autoId(taken);
    const rule = new PlanRule(id, 'runtime', spec, this.now(), this.settings);
    this.runtimeRules.push(rule);
    this.index();
    return rule.view();
  }

  /**
   * Replaces the file's rules with those of `text` (runtime rules stay), all or nothing. A rule whose text is
   * unchanged keeps its id, counts, hits and outage window, so reading an unchanged file again changes nothing.
   */
  loadFile(text: string, file: string): number {
    const specs = parsePlanFile(text, file);
    const names = this.fileNames(specs, file);
    const unclaimed = [...this.fileRules];
    // The JSON holds the name, so an equal one is the same rule; an unnamed rule's id must not be a new name.
    const kept = specs.map((spec) => {
      const at = unclaimed.findIndex(
        (rule) => rule.spec.json === spec.json && !(spec.name === null && names.has(rule.id)),
      );
      return at === -1 ? null : (unclaimed.splice(at, 1)[0] ?? null);
    });
    const taken = new Set([...this.runtimeRules.map((rule) => rule.id), ...names]);
    for (const rule of kept) if (rule) taken.add(rule.id);
    const now = this.now();
    this.fileRules = specs.map((spec, i) => {
      const old = kept[i];
      if (old) return old;
      const id = spec.name ?? this.autoId(taken);
      taken.add(id);
      return new PlanRule(id, 'file', spec, now, this.settings);
    });
    this.index();
    return this.fileRules.length;
  }

  list(): FaultRuleView[] {
    return this.all().map((rule) => rule.view());
  }

  remove(id: string): boolean {
    const before = this.fileRules.length + this.runtimeRules.length;
    this.fileRules = this.fileRules.filter((rule) => rule.id !== id);
    this.runtimeRules = this.runtimeRules.filter((rule) => rule.id !== id);
    this.index();
    return this.fileRules.length + this.runtimeRules.length < before;
  }

  clear(): number {
    const removed = this.fileRules.length + this.runtimeRules.length;
    this.fileRules = [];
    this.runtimeRules = [];
    this.index();
    return removed;
  }

  decide(target: CallTarget, nowMs: number): FaultDecision | null {
    // Indexed loops and no closures: a call that no rule matches allocates nothing.
    const outages = this.outages;
    for (let i = 0; i < outages.length; i++) {
      const rule = outages[i];
      if (!rule?.matches(target)) continue;
      const outcome = rule.outageAt(nowMs);
      if (outcome === null) continue;
      rule.hits++;
      return { delayMs: 0, outcome, reasons: [rule.reason] };
    }
    let delayMs = 0;
    let outcome = OFF;
    let reasons: string[] | null = null;
    const failpoints = this.failpoints;
    for (let i = 0; i < failpoints.length; i++) {
      const rule = failpoints[i];
      if (!rule?.matches(target)) continue;
      const action = rule.failpoint?.evaluate(target) ?? OFF;
      if (action.kind === 'off') break;
      rule.hits++;
      reasons = [rule.reason];
      if (action.kind === 'delay') delayMs += action.ms;
      else outcome = action;
      break;
    }
    const latencies = this.latencies;
    for (let i = 0; i < latencies.length; i++) {
      const rule = latencies[i];
      if (!rule?.matches(target)) continue;
      const ms = rule.latency?.draw() ?? null;
      if (ms === null) continue;
      rule.hits++;
      delayMs += ms;
      (reasons ??= []).push(rule.reason);
    }
    return reasons === null ? null : { delayMs, outcome, reasons };
  }

  private all(): PlanRule[] {
    return [...this.fileRules, ...this.runtimeRules];
  }

  private ids(): Set<string> {
    return new Set(this.all().map((rule) => rule.id));
  }

  private autoId(taken: ReadonlySet<string>): string {
    let id = `r${this.nextNumber++}`;
    while (taken.has(id)) id = `r${this.nextNumber++}`;
    return id;
  }

  /** The names the file's rules give, refusing one already taken by a rule added at run time. */
  private fileNames(specs: readonly RuleSpec[], file: string): Set<string> {
    const runtimeIds = new Set(this.runtimeRules.map((rule) => rule.id));
    const names = new Set<string>();
    for (const [i, spec] of specs.entries()) {
      if (spec.name === null) continue;
      if (runtimeIds.has(spec.name))
        throw new FaultPlanFileError(
          file,
          spec.line,
          `rules[${i}].name`,
          `${JSON.stringify(spec.name)} names a rule added at run time`,
        );
      names.add(spec.name);
    }
    return names;
  }

  private index(): void {
    const all = this.all();
    this.outages = all.filter((rule) => rule.spec.effect.kind === 'outage');
    this.failpoints = all.filter((rule) => rule.failpoint !== null);
    this.latencies = all.filter((rule) => rule.latency !== null);
  }
}
