/**
 * containerd's failpoint grammar (internal/failpoint/fail.go), parsed by recursive descent with its exact rules:
 *
 *   terms := term ( "->" term )*
 *   term  := count "*" type
 *   count := digit+                         (required; at most int64, as strconv.ParseInt)
 *   type  := "off" | "error(" text ")" | "panic(" text ")" | "delay(" digit+ ")"
 *   text  := one or more characters up to the first ")" (spaces, "(", "->" included)
 *
 * Nothing is skipped: a space outside an error or panic message is an error, as in containerd.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { errorArgumentOf } from './error-argument.js';
import type { FaultAction } from './types.js';

/** A malformed failpoint; `detail` is the message without the field. */
export class FailpointSyntaxError extends InvalidArgumentError {
  constructor(
    field: string,
    readonly detail: string,
  ) {
    super(field, detail);
  }
}

export interface FailpointTerm {
  /** How many calls the term acts on before the next term is tried (0: never). */
  count: bigint;
  action: FaultAction;
  /** The term after its count, as containerd's Marshal writes it: `off`, `error(oops)`, `delay(10)`. */
  body: string;
}

const INT64_MAX = 2n ** 63n - 1n;
/** The largest delay(ms) whose time.Duration (nanoseconds in an int64) does not overflow in containerd. */
export const MAX_DELAY_MS = INT64_MAX / 1_000_000n;

const TYPES = 'off, error(<message>), panic(<message>) or delay(<milliseconds>)';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** The terms of `text`; a malformed one throws an InvalidArgumentError on `field` naming the term. */
export function parseFailpoint(text: string, field: string): FailpointTerm[] {
  return new FailpointParser(text, field).terms();
}

class FailpointParser {
  private pos = 0;
  private termNumber = 0;
  private termStart = 0;

  constructor(
    private readonly text: string,
    private readonly field: string,
  ) {}

  terms(): FailpointTerm[] {
    const terms = [this.term()];
    while (this.pos < this.text.length) {
      if (!this.text.startsWith('->', this.pos)) {
        const rest = this.text.slice(this.pos, this.nextArrow(this.pos));
        throw this.fail(
          `unexpected ${JSON.stringify(rest)} after the term: expected "->" and a term, or the end`,
        );
      }
      this.pos += 2;
      terms.push(this.term());
    }
    return terms;
  }

  private term(): FailpointTerm {
    this.termNumber++;
    this.termStart = this.pos;
    const count = this.count();
    const { action, body } = this.type();
    // Shared by every call that evaluates the term: nobody may change it.
    return { count, action: Object.freeze(action), body };
  }

  private count(): bigint {
    const digits = this.digits();
    if (digits === '') throw this.fail('expected a count (digits) then "*", as in 1*error(oops)');
    if (this.text[this.pos] !== '*') throw this.fail(`expected "*" after the count ${digits}`);
    this.pos++;
    const count = BigInt(digits);
    if (count > INT64_MAX) throw this.fail(`the count is beyond int64 (at most ${INT64_MAX})`);
    return count;
  }

  private type(): Omit<FailpointTerm, 'count'> {
    if (this.text.startsWith('off', this.pos)) {
      this.pos += 3;
      return { action: { kind: 'off' }, body: 'off' };
    }
    if (this.text.startsWith('error(', this.pos)) {
      this.pos += 6;
      const arg = this.message('error');
      const parsed = errorArgumentOf(arg);
      if (typeof parsed === 'string') throw this.fail(parsed);
      return { action: { kind: 'error', ...parsed }, body: `error(${arg})` };
    }
    if (this.text.startsWith('panic(', this.pos)) {
      this.pos += 6;
      const message = this.message('panic');
      return { action: { kind: 'panic', message }, body: `panic(${message})` };
    }
    if (this.text.startsWith('delay(', this.pos)) {
      this.pos += 6;
      const ms = this.milliseconds();
      return { action: { kind: 'delay', ms: Number(ms) }, body: `delay(${ms})` };
    }
    throw this.fail(`expected a type after the count: ${TYPES}`);
  }

  /** error's and panic's text: everything up to the first ")", at least one character. */
  private message(type: string): string {
    const end = this.text.indexOf(')', this.pos);
    if (end === -1) {
      this.pos = this.text.length;
      throw this.fail(`expected ")" to close ${type}(`);
    }
    if (end === this.pos) throw this.fail(`${type}() needs a message, as in ${type}(oops)`);
    const message = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return message;
  }

  /** delay's argument: whole milliseconds, digits only, then ")". */
  private milliseconds(): bigint {
    const digits = this.digits();
    if (digits === '' || this.text[this.pos] !== ')')
      throw this.fail('delay takes whole milliseconds (digits only) then ")", as in delay(200)');
    this.pos++;
    const ms = BigInt(digits);
    if (ms > MAX_DELAY_MS)
      throw this.fail(`delay(${digits}) overflows Go's time.Duration (at most ${MAX_DELAY_MS} ms)`);
    return ms;
  }

  private digits(): string {
    const start = this.pos;
    while (isDigit(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Where the term holding `from` ends: at the next "->", or the end of the text. */
  private nextArrow(from: number): number {
    const arrow = this.text.indexOf('->', from);
    return arrow === -1 ? this.text.length : arrow;
  }

  private fail(expected: string): FailpointSyntaxError {
    const term = this.text.slice(this.termStart, this.nextArrow(this.pos));
    const spaces = isSpace(this.text[this.pos])
      ? '; containerd allows no white space outside error() and panic() messages'
      : '';
    return new FailpointSyntaxError(
      this.field,
      `term ${this.termNumber} ${JSON.stringify(term)}: ${expected}${spaces}`,
    );
  }
}
