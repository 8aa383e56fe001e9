/**
 * One container's simulated usage: the chosen CPU and memory profiles, compiled into curves, read as a UsageSample
 * at a given time since the container started. CPU is a rate in cores integrated into a counter; above the CPU
 * limit it is held at the limit and the rest counted as throttling. A sample is O(1) amortized and allocates only
 * the returned object.
 */
import { compile } from './compile.js';
import type { Curve } from './curve.js';
import { hashString } from './prng.js';
import type { UsageSample } from './sample.js';
import { chooseProfile, type Resource } from './sources.js';

export interface WorkloadInput {
  podAnnotations: Record<string, string>;
  /** CRI container name ('' if unknown). */
  containerName: string;
  cpuRequestCores: number | null;
  cpuLimitCores: number | null;
  memoryRequestBytes: number | null;
  memoryLimitBytes: number | null;
  pidsLimit: number | null;
  /** usage_limit when the container has no memory limit. */
  nodeMemoryBytes: number;
  /** e.g. the container id; mixed into random-walk seeds so containers differ. */
  seed: string;
}

export interface Workload {
  sample(elapsedMs: number, execs?: number): UsageSample;
}

/** CFS period: 100 ms. */
const PERIOD_USEC = 100_000;
/** User share of CPU time: 4/5 (80 % user, 20 % system). */
const USER_NUMERATOR = 4;
const USER_DENOMINATOR = 5;
/** Memory: 9/10 anonymous, the rest file cache of which half is inactive. */
const ANON_NUMERATOR = 9;
const ANON_DENOMINATOR = 10;

const positive = (n: number | null): number | null => (n !== null && n > 0 ? n : null);

class ContainerWorkload implements Workload {
  /** High-water marks: counters never go back, even by a rounding error or an earlier time. */
  private usageUsec = 0;
  private nrPeriods = 0;
  private nrThrottled = 0;
  private throttledUsec = 0;

  constructor(
    private readonly cpu: Curve,
    private readonly memory: Curve,
    private readonly cpuLimit: number | null,
    private readonly memoryLimit: number,
    private readonly pidsLimit: number,
  ) {}

  sample(elapsedMs: number, execs = 0): UsageSample {
    const ms = elapsedMs > 0 ? elapsedMs : 0;
    const t = ms / 1000;
    const demand = this.cpu.integral(t);
    if (this.cpuLimit === null) {
      this.usageUsec = Math.max(this.usageUsec, Math.round(demand * 1e6));
    } else {
      const excess = this.cpu.excess(t);
      this.usageUsec = Math.max(this.usageUsec, Math.round((demand - excess) * 1e6));
      this.throttledUsec = Math.max(this.throttledUsec, Math.round(excess * 1e6));
      this.nrPeriods = Math.max(this.nrPeriods, Math.floor((ms * 1000) / PERIOD_USEC));
      const overUsec = Math.round(this.cpu.timeOver(t) * 1e6);
      this.nrThrottled = Math.max(
        this.nrThrottled,
        Math.min(this.nrPeriods, Math.floor(overUsec / PERIOD_USEC)),
      );
    }
    const userUsec = Math.floor((this.usageUsec * USER_NUMERATOR) / USER_DENOMINATOR);
    const memory = Math.round(Math.min(this.memory.at(t), this.memoryLimit));
    const anon = Math.floor((memory * ANON_NUMERATOR) / ANON_DENOMINATOR);
    return {
      cpuUsageUsec: this.usageUsec,
      cpuUserUsec: userUsec,
      cpuSystemUsec: this.usageUsec - userUsec,
      cpuNrPeriods: this.nrPeriods,
      cpuNrThrottled: this.nrThrottled,
      cpuThrottledUsec: this.throttledUsec,
      memoryUsageBytes: memory,
      memoryLimitBytes: this.memoryLimit,
      memoryInactiveFileBytes: Math.floor((memory - anon) / 2),
      memoryAnonBytes: anon,
      memoryFileBytes: memory - anon,
      pidsCurrent: 1 + (execs > 0 ? Math.floor(execs) : 0),
      pidsLimit: this.pidsLimit,
    };
  }
}

function curveFor(resource: Resource, input: WorkloadInput, request: number | null, cap: number): Curve {
  const { profile } = chooseProfile(resource, input.podAnnotations, input.containerName, request);
  const seed = profile.kind === 'randomwalk' ? profile.seed : 0;
  return compile(profile, cap, hashString(`${input.seed}/${resource}/${seed}`));
}

/** A container's workload; validates its usage annotations (InvalidArgumentError naming the key). */
export function workloadFor(input: WorkloadInput): Workload {
  const cpuLimit = positive(input.cpuLimitCores);
  const memoryLimit = positive(input.memoryLimitBytes) ?? input.nodeMemoryBytes;
  const cpu = curveFor('cpu', input, input.cpuRequestCores, cpuLimit ?? Infinity);
  const memory = curveFor('memory', input, input.memoryRequestBytes, Infinity);
  return new ContainerWorkload(cpu, memory, cpuLimit, memoryLimit, positive(input.pidsLimit) ?? 0);
}
