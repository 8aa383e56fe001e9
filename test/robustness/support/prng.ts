import { randomInt } from 'node:crypto';

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence, so a failing run can be replayed. */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** An independent generator derived from this one's seed (one per worker keeps each worker's choices stable). */
  fork(salt: number): Prng {
    return new Prng((Math.imul(this.seed ^ 0x9e3779b9, salt + 1) + salt) >>> 0);
  }
}

/** The seed from `envName` when set (so a failure can be replayed), else a fresh random one. */
export function seedFromEnv(envName: string): number {
  const text = process.env[envName];
  if (text === undefined || text === '') return randomInt(2 ** 31);
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`${envName} must be a non-negative integer`);
  return seed;
}

/** A positive whole number from `envName`, else `fallback`. */
export function countFromEnv(envName: string, fallback: number): number {
  const text = process.env[envName];
  if (text === undefined || text === '') return fallback;
  const count = Number(text);
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`${envName} must be a whole number >= 1`);
  return count;
}
