/**
 * A counter-based pseudo-random function: the number for (key, index) is computed directly, without stepping a
 * generator, so the random walk can be replayed from any step and two evaluations never share state.
 */

/** FNV-1a, 32 bits: turns a string seed (such as a container id) into a key. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32's finaliser applied to key + index·golden ratio: a uniform number in [0, 1). */
export function uniformAt(key: number, index: number): number {
  let z = (key + Math.imul(index | 0, 0x9e3779b9) + Math.imul((index / 0x100000000) | 0, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return (z >>> 0) / 0x100000000;
}
