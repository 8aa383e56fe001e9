/**
 * The usage history (docs/history.md): a ring per pod and per container, the node's totals, and the times of the
 * passes they share. A pass records the pods it reads and, when it ends, drops the pods and containers it did not
 * record: a deleted pod's or container's history goes with it.
 */
import type { Allocation } from '../node/allocation.js';
import type { Allowance } from '../node/fit.js';
import { ContainerTrack, type ContainerReading } from './container-track.js';
import { NodeRing } from './node-ring.js';
import { SampleTimes } from './sample-times.js';
import type { HistorySettings } from './settings.js';
import { UsageRing } from './usage-ring.js';

/** A pass under way: its tick and what its pods have used so far. */
export interface HistoryPass {
  readonly tick: number;
  cpuUsedMillicores: number;
  memoryUsedBytes: number;
}

export class UsageHistory {
  readonly times: SampleTimes;
  readonly node: NodeRing;
  private readonly pods = new Map<string, UsageRing>();
  private readonly containers = new Map<string, ContainerTrack>();
  private readonly listeners = new Set<(atMs: number) => void>();

  constructor(
    readonly settings: HistorySettings,
    /** The node's allocatable in kubelet's units (pods, millicores, bytes): what allocated is measured against. */
    readonly allocatable: Allowance,
  ) {
    this.times = new SampleTimes(settings.length);
    this.node = new NodeRing(settings.length);
  }

  beginPass(at: number): HistoryPass {
    return { tick: this.times.begin(at), cpuUsedMillicores: 0, memoryUsedBytes: 0 };
  }

  /** The pod's ring gets its containers' CPU rates and live working sets added up; each container's ring, its own. */
  recordPod(pass: HistoryPass, sandboxId: string, containers: readonly ContainerReading[]): void {
    const { tick } = pass;
    let cpu = 0;
    let memory = 0;
    for (const reading of containers) {
      let track = this.containers.get(reading.containerId);
      if (!track)
        this.containers.set(
          reading.containerId,
          (track = new ContainerTrack(sandboxId, this.settings.length)),
        );
      const rate = track.rateOf(reading);
      const workingSet = reading.live ? reading.memoryWorkingSetBytes : 0;
      track.ring.record(tick, rate, workingSet);
      cpu += rate;
      memory += workingSet;
    }
    let ring = this.pods.get(sandboxId);
    if (!ring) this.pods.set(sandboxId, (ring = new UsageRing(this.settings.length)));
    ring.record(tick, cpu, memory);
    pass.cpuUsedMillicores += cpu;
    pass.memoryUsedBytes += memory;
  }

  /** The node's totals (used: what the pods recorded; allocated: what the holding pods hold); readers see the pass. */
  endPass(pass: HistoryPass, allocated: Allocation): void {
    const { tick } = pass;
    this.node.record(tick, {
      cpuUsedMillicores: pass.cpuUsedMillicores,
      memoryUsedBytes: pass.memoryUsedBytes,
      cpuRequestsMillis: allocated.requests.cpu,
      cpuLimitsMillis: allocated.limits.cpu,
      memoryRequestsBytes: allocated.requests.memory,
      memoryLimitsBytes: allocated.limits.memory,
      pods: allocated.pods,
    });
    for (const [id, ring] of this.pods) if (ring.lastTick !== tick) this.pods.delete(id);
    for (const [id, track] of this.containers) if (track.ring.lastTick !== tick) this.containers.delete(id);
    this.times.end(tick);
    const atMs = this.times.timeOf(tick);
    for (const listener of this.listeners) listener(atMs);
  }

  /** Calls `listener` with the time of each pass when it has ended; returns the unsubscribe. */
  subscribe(listener: (atMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pod(sandboxId: string): UsageRing | undefined {
    return this.pods.get(sandboxId);
  }

  container(containerId: string): UsageRing | undefined {
    return this.containers.get(containerId)?.ring;
  }

  /** How many pods and containers have a ring. */
  get entities(): { pods: number; containers: number } {
    return { pods: this.pods.size, containers: this.containers.size };
  }

  /** Every sample held, over every ring (the node's aside). */
  get retainedSamples(): number {
    let total = 0;
    for (const ring of this.rings()) total += ring.retained;
    return total;
  }

  /** The bytes of every ring's typed arrays. */
  get ringBytes(): number {
    let total = 0;
    for (const ring of this.rings()) total += ring.byteLength;
    return total;
  }

  private *rings(): Iterable<UsageRing> {
    yield* this.pods.values();
    for (const track of this.containers.values()) yield track.ring;
  }
}
