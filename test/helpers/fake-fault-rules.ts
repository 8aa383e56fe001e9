import YAML from 'yaml';
import { InvalidArgumentError } from '../../src/core/errors.js';
import type { FaultRuleView, FaultRules } from '../../src/faults/types.js';

/**
 * A fault plan for tests of what edits one (the Faults service, the ctl's `fault` verb): it keeps the rules it is
 * given, requires a `method`, and applies to no call. The real plan is src/faults/plan.ts.
 */
export class FakeFaultRules implements FaultRules {
  private readonly rules: FaultRuleView[] = [];
  private added = 0;

  add(ruleText: string): FaultRuleView {
    const rule: unknown = YAML.parse(ruleText);
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      throw new InvalidArgumentError('rule', 'must be a mapping');
    }
    const { method } = rule as { method?: unknown };
    if (typeof method !== 'string') throw new InvalidArgumentError('rule.method', 'is required');
    this.added += 1;
    const view: FaultRuleView = {
      id: `r${this.added}`,
      origin: 'runtime',
      description: `${method} error(UNAVAILABLE)`,
      ruleJson: JSON.stringify(rule),
      hits: 0,
    };
    this.rules.push(view);
    return view;
  }

  /** A rule as if read from --faults, with the hits it already has. */
  addFromFile(id: string, description: string, hits: number): void {
    this.rules.push({ id, origin: 'file', description, ruleJson: '{"method":"Start"}', hits });
  }

  list(): FaultRuleView[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  remove(id: string): boolean {
    const index = this.rules.findIndex((rule) => rule.id === id);
    if (index < 0) return false;
    this.rules.splice(index, 1);
    return true;
  }

  clear(): number {
    return this.rules.splice(0).length;
  }

  decide(): null {
    return null;
  }
}
