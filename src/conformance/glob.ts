/** `*` matches any run of characters (dots included), `?` one character; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** Names matching any of the globs; with no globs, all of them. */
export function selectByGlobs<T extends { name: string }>(
  items: readonly T[],
  globs: readonly string[],
): T[] {
  if (globs.length === 0) return [...items];
  const patterns = globs.map(globToRegExp);
  return items.filter((item) => patterns.some((pattern) => pattern.test(item.name)));
}
