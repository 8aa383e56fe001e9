/**
 * A Kubernetes name or a pattern of them: `*` stands for any run of characters, everything else is literal. Only
 * the characters such names may hold are accepted, so a glob that could never match is refused when written.
 */

/** DNS-1123 labels (namespaces, container names) and subdomains (pod names), lowercase. */
export type NameKind = 'label' | 'subdomain';

const MAX_LENGTH = 253;

const allowedIn = (kind: NameKind, c: string): boolean =>
  (c >= 'a' && c <= 'z') ||
  (c >= '0' && c <= '9') ||
  c === '-' ||
  c === '*' ||
  (kind === 'subdomain' && c === '.');

export class NameGlob {
  private constructor(
    readonly text: string,
    /** The literal runs between the `*`s: one part means no `*`. */
    private readonly parts: readonly string[],
  ) {}

  /** The glob, or a sentence saying what is wrong (the caller names the field). */
  static parse(text: string, kind: NameKind): NameGlob | string {
    if (text === '') return 'empty name pattern (use * for any)';
    if (text.length > MAX_LENGTH) return `name pattern longer than ${MAX_LENGTH} characters`;
    const bad = [...text].find((c) => !allowedIn(kind, c));
    if (bad !== undefined) {
      const allowed = kind === 'subdomain' ? "a-z, 0-9, '-', '.'" : "a-z, 0-9, '-'";
      return (
        `bad name pattern ${JSON.stringify(text)}: ${JSON.stringify(bad)} is not allowed ` +
        `(Kubernetes names hold ${allowed}; the only wildcard is *)`
      );
    }
    return new NameGlob(text, text.split('*'));
  }

  matches(name: string): boolean {
    const parts = this.parts;
    const first = parts[0] ?? '';
    if (parts.length === 1) return name === first;
    const last = parts[parts.length - 1] ?? '';
    if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last))
      return false;
    const end = name.length - last.length;
    let pos = first.length;
    // Leftmost placement of each middle run leaves the most room for the rest: enough for `*` alone.
    for (let i = 1; i < parts.length - 1; i++) {
      const part = parts[i] ?? '';
      const at = name.indexOf(part, pos);
      if (at === -1 || at + part.length > end) return false;
      pos = at + part.length;
    }
    return true;
  }
}
