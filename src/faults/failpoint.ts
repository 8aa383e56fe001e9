/**
 * One failpoint as containerd's internal/failpoint evaluates it: each call takes the first term whose count is not
 * used up, uses one of its count and acts; once every count is used up, calls pass (off). A delay is returned as an
 * action, never slept here: the gate holds the call.
 */
import { parseFailpoint, type FailpointTerm } from './failpoint-parser.js';
import type { FaultAction } from './types.js';

const OFF: FaultAction = Object.freeze({ kind: 'off' });

export class Failpoint {
  private readonly remaining: bigint[];

  /** Parses `text` (InvalidArgumentError on `field` when malformed); `terms` skips parsing for a known text. */
  constructor(
    readonly text: string,
    readonly field = 'failpoint',
    private readonly terms: readonly FailpointTerm[] = parseFailpoint(text, field),
  ) {
    this.remaining = terms.map((term) => term.count);
  }

  /** The same failpoint with every count as written, without parsing again. */
  fresh(): Failpoint {
    return new Failpoint(this.text, this.field, this.terms);
  }

  /** The action for one call, advancing the counts as containerd's DelegatedEval does. */
  evaluate(): FaultAction {
    for (let i = 0; i < this.remaining.length; i++) {
      const left = this.remaining[i];
      if (left === undefined || left === 0n) continue;
      this.remaining[i] = left - 1n;
      return this.terms[i]?.action ?? OFF;
    }
    return OFF;
  }

  /** The counts left, in containerd's Marshal form: `0*off->1*error(please retry)`. */
  marshal(): string {
    return this.terms.map((term, i) => `${this.remaining[i] ?? 0n}*${term.body}`).join('->');
  }
}
