/** Single-quotes a user-supplied string, escaping anything that could break the one-line message. */
export function quote(value: string): string {
  const escaped = value.replace(/[\\'\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, (ch) => {
    if (ch === '\\' || ch === "'") return `\\${ch}`;
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}
