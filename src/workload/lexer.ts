/**
 * Tokens of a profile expression: the punctuation `(`, `)`, `,`, `=`, and words (every other run of characters
 * but white space). A word is a name, a quantity or a duration; the parser decides which from where it stands.
 */

export type TokenKind = 'word' | '(' | ')' | ',' | '=' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the token in the expression, for messages. */
  pos: number;
}

const PUNCTUATION = '(),=';
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const c = text[pos] ?? '';
    if (isSpace(c)) {
      pos++;
    } else if (PUNCTUATION.includes(c)) {
      tokens.push({ kind: c as TokenKind, text: c, pos });
      pos++;
    } else {
      const start = pos;
      while (pos < text.length && !isSpace(text[pos] ?? '') && !PUNCTUATION.includes(text[pos] ?? '')) pos++;
      tokens.push({ kind: 'word', text: text.slice(start, pos), pos: start });
    }
  }
  tokens.push({ kind: 'end', text: '', pos: text.length });
  return tokens;
}
