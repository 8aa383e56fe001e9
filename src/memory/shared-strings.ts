import type { JsonValue } from '../core/json.js';

/** A window of recently seen strings: the ones repeated across sandboxes stay shared, unique ones pass through. */
const MAX_CACHED = 8192;
/** Longer strings are rare and rarely repeated; comparing them is not worth it. */
const MAX_LENGTH = 256;
const cache = new Map<string, string>();

/**
 * The shared copy of a string. Every decoded request brings its own copies of the same sandboxer, runtime and
 * type names, namespaces and label values, and of the sandbox id repeated in annotations; kept per sandbox, at
 * 100k sandboxes they were several hundred bytes each.
 */
export function sharedString(value: string): string {
  if (value.length > MAX_LENGTH) return value;
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(value, value);
  return value;
}

/** Replaces, in place, every string in a JSON tree the caller owns by its shared copy, and returns the tree. */
export function shareStrings<T extends JsonValue>(tree: T): T {
  if (Array.isArray(tree)) {
    tree.forEach((item, index) => {
      tree[index] = typeof item === 'string' ? sharedString(item) : shareStrings(item);
    });
  } else if (typeof tree === 'object' && tree !== null) {
    const object = tree as { [key: string]: JsonValue };
    for (const key of Object.keys(object)) {
      const value = object[key]!;
      object[key] = typeof value === 'string' ? sharedString(value) : shareStrings(value);
    }
  }
  return tree;
}
