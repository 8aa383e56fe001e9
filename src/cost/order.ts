import { CPU, MEMORY } from '../node/resource-names.js';

const FIRST = [CPU, MEMORY];

/** cpu, memory, then the rest by name: the order every cost and plan lists resources in. */
export function byResource(a: string, b: string): number {
  const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}
