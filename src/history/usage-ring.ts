/** Memory as a Float64 (bytes stay exact), the CPU rate as a Float32 (millicores to 7 significant digits). */
export const BYTES_PER_SAMPLE = Float64Array.BYTES_PER_ELEMENT + Float32Array.BYTES_PER_ELEMENT;

/** What a ring holds from one tick on, oldest first. */
export interface RingValues {
  firstTick: number;
  cpuMillicores: number[];
  memoryBytes: number[];
}

/**
 * One entity's (a pod's or a container's) last `length` samples in one ArrayBuffer allocated when the entity is
 * first sampled: the CPU rate in millicores and the memory working set in bytes. It is recorded at every pass
 * from its first to its last (the history drops an entity at the first pass that does not see it), so the ticks
 * it holds are contiguous and the slot of tick t is t % length.
 */
export class UsageRing {
  private readonly memory: Float64Array;
  private readonly cpu: Float32Array;
  /** -1 until the first sample. */
  firstTick = -1;
  lastTick = -1;

  constructor(readonly length: number) {
    const buffer = new ArrayBuffer(length * BYTES_PER_SAMPLE);
    this.memory = new Float64Array(buffer, 0, length);
    this.cpu = new Float32Array(buffer, length * Float64Array.BYTES_PER_ELEMENT, length);
  }

  record(tick: number, cpuMillicores: number, memoryBytes: number): void {
    if (this.firstTick < 0) this.firstTick = tick;
    const slot = tick % this.length;
    this.cpu[slot] = cpuMillicores;
    this.memory[slot] = memoryBytes;
    this.lastTick = tick;
  }

  /** The oldest tick still held; -1 when empty. */
  get oldestTick(): number {
    return this.lastTick < 0 ? -1 : Math.max(this.firstTick, this.lastTick - this.length + 1);
  }

  /** How many samples it holds: never more than its length. */
  get retained(): number {
    return this.lastTick < 0 ? 0 : this.lastTick - this.oldestTick + 1;
  }

  /** The bytes of its typed arrays (what a sample costs, times the length). */
  get byteLength(): number {
    return this.memory.byteLength + this.cpu.byteLength;
  }

  /** The samples from tick `from` (or the oldest held, if later) to tick `to` (or the newest, if earlier). */
  read(from: number, to = this.lastTick): RingValues {
    const firstTick = Math.max(from, this.oldestTick);
    const lastTick = Math.min(to, this.lastTick);
    const cpuMillicores: number[] = [];
    const memoryBytes: number[] = [];
    for (let tick = firstTick; tick <= lastTick; tick++) {
      const slot = tick % this.length;
      cpuMillicores.push(this.cpu[slot] ?? 0);
      memoryBytes.push(this.memory[slot] ?? 0);
    }
    return { firstTick, cpuMillicores, memoryBytes };
  }
}
