import { UsageRing } from './usage-ring.js';

/** One container as a sampling pass reads it from the usage model. */
export interface ContainerReading {
  containerId: string;
  /** CPU time used since its start, in microseconds (cpu.stat usage_usec); it never decreases. */
  cpuUsageUsec: number;
  /** When it was read (epoch ms). */
  at: number;
  startedAt: number | null;
  /** Its process exists (created, running, paused): a stopped container's cgroup is gone and holds no memory. */
  live: boolean;
  memoryWorkingSetBytes: number;
}

/**
 * A container's ring and its previous reading: the model gives cumulative CPU time, and what is kept is the rate
 * between two passes (as kubelet and Prometheus' rate() derive it), so a spike between passes is averaged, not lost.
 */
export class ContainerTrack {
  readonly ring: UsageRing;
  private previousUsec = 0;
  /** NaN until the first reading. */
  private previousAt = NaN;

  constructor(
    readonly sandboxId: string,
    length: number,
  ) {
    this.ring = new UsageRing(length);
  }

  /**
   * The CPU rate in millicores (µs of CPU per ms) since the previous reading; at the first one, since the
   * container's start (a container that started between two passes, or, after a daemon restart, one that ran
   * before it: then its average since its start).
   */
  rateOf(reading: ContainerReading): number {
    const first = Number.isNaN(this.previousAt);
    const fromAt = first ? reading.startedAt : this.previousAt;
    const fromUsec = first ? 0 : this.previousUsec;
    this.previousAt = reading.at;
    this.previousUsec = reading.cpuUsageUsec;
    if (fromAt === null || reading.at <= fromAt) return 0;
    return Math.max(0, (reading.cpuUsageUsec - fromUsec) / (reading.at - fromAt));
  }
}
