/** mulberry32: a small seeded generator, so a plan's latency draws repeat from run to run with the same seed. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Safe integers beyond 32 bits keep their high bits in the state.
    this.state = (seed ^ Math.floor(seed / 0x100000000)) >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 0x100000000;
  }
}
