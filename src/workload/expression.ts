/**
 * The syntax of a profile expression, by recursive descent over the lexer's tokens:
 *
 *     expression := word | call
 *     call       := name '(' [ argument { ',' argument } ] ')'
 *     argument   := word '=' word
 *
 * e.g. `250m`, `sine(min=100m, max=500m, period=60s)`, `steps(0s=100m, 30s=400m)`. Meaning (which names and
 * parameters exist, what a word must be) is checked by build.ts.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { tokenize, type Token, type TokenKind } from './lexer.js';

export interface Argument {
  key: string;
  value: string;
}

export type Expression = { kind: 'word'; text: string } | { kind: 'call'; name: string; args: Argument[] };

const describe = (t: Token): string =>
  t.kind === 'end' ? 'the end' : `${JSON.stringify(t.text)} at ${t.pos}`;

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(
    text: string,
    private readonly field: string,
  ) {
    this.tokens = tokenize(text);
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', text: '', pos: 0 };
  }

  private expect(kind: TokenKind, what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) throw new InvalidArgumentError(this.field, `expected ${what}, found ${describe(t)}`);
    this.index++;
    return t;
  }

  expression(): Expression {
    const head = this.expect('word', 'a quantity or a profile name');
    let result: Expression = { kind: 'word', text: head.text };
    if (this.peek().kind === '(') {
      this.index++;
      result = { kind: 'call', name: head.text, args: this.arguments() };
    }
    this.expect('end', 'the end of the expression');
    return result;
  }

  private arguments(): Argument[] {
    const args: Argument[] = [];
    if (this.peek().kind === ')') {
      this.index++;
      return args;
    }
    for (;;) {
      const key = this.expect('word', 'a parameter name');
      this.expect('=', `"=" after ${JSON.stringify(key.text)}`);
      const value = this.expect('word', `a value for ${JSON.stringify(key.text)}`);
      args.push({ key: key.text, value: value.text });
      const next = this.expect(this.peek().kind === ')' ? ')' : ',', '"," or ")"');
      if (next.kind === ')') return args;
    }
  }
}

/** Parses the syntax only; throws InvalidArgumentError(field, …) naming the offending token. */
export function parseExpression(text: string, field: string): Expression {
  return new Parser(text, field).expression();
}
