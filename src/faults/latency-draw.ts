import { SeededRandom } from './prng.js';
import type { RuleEffect } from './rule-spec.js';

type Latency = Extract<RuleEffect, { kind: 'latency' }>;

/**
 * A latency rule's draws: whether a call is delayed (probability) and by how much (delay ± jitter, uniform, never
 * below 0). With a seed, the same sequence of matching calls gets the same delays in every run.
 */
export class LatencyDraw {
  private readonly random: SeededRandom;

  constructor(
    private readonly latency: Latency,
    randomSeed: () => number,
  ) {
    this.random = new SeededRandom(latency.seed ?? randomSeed());
  }

  /** The delay for one call in ms, or null when the probability draw misses. */
  draw(): number | null {
    const { delay, jitter, probability } = this.latency;
    if (probability < 1 && this.random.next() >= probability) return null;
    if (!jitter) return delay.ms;
    return Math.max(0, delay.ms + (2 * this.random.next() - 1) * jitter.ms);
  }
}
