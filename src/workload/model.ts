/**
 * One container's simulated usage: the chosen CPU and memory profiles, compiled into curves, read as a UsageSample
 * at a given time since the container started. CPU is a rate in cores integrated into a counter; above the CPU
 * limit it is held at the limit and the rest counted as throttling. A sample is O(1) amortized and allocates only
 * the returned object.
 */
import { CelCurve } from './cel-curve.js';
import { compile } from './compile.js';
import type { Curve } from './curve.js';
import { hashString } from './prng.js';
import type { ProfileRules } from './profile-file.js';
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
  /** e.g. the container id; mixed into random-walk seeds (and CEL's Rand()) so containers differ. */
  seed: string;
  /** The pod's name and namespace (its PodSandboxConfig metadata): the profile file selects and CEL reads them. */
  podName?: string;
  podNamespace?: string;
  /** The --workload file's rules: below the annotations, above the default. */
  rules?: ProfileRules;
}

export interface Workload {
  sample(elapsedMs: number, execs?: number): UsageSample;
}

/** CFS period: 100 ms. */
const PERIOD_USEC = 100_000;
/** User share of CPU time: 4/5 (80 % user, 20 % system). */
const USER_NUMERATOR = 4;
const USER_DENOMINATOR = 5;
/** The user part of a CPU counter (the system part is the rest). */
export const userPart = (usageUsec: number): number =>
  Math.floor((usageUsec * USER_NUMERATOR) / USER_DENOMINATOR);
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
    const userUsec = userPart(this.usageUsec);
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

/**
 * The pod's annotations first (ours, then KWOK's), then the profile file's rules, then the default; CPU and memory
 * chosen independently.
 */
export function curveFor(
  resource: Resource,
  input: WorkloadInput,
  request: number | null,
  cap: number,
): Curve {
  const chosen = chooseProfile(resource, input.podAnnotations, input.containerName, request);
  let profile = chosen.profile;
  if (chosen.source === 'default' && input.rules) {
    const pod = { name: input.podName ?? '', namespace: input.podNamespace ?? '' };
    const rule = input.rules.choose(resource, pod, input.containerName);
    if (rule?.source.kind === 'cel') {
      // A failed evaluation falls back to the default rate, for that sample only.
      const fallback = profile.kind === 'constant' ? profile.value : 0;
      const bound = rule.source.rate.bind(
        { ...pod, annotations: input.podAnnotations },
        hashString(`${input.seed}/${resource}/cel`),
      );
      return new CelCurve(bound, cap, fallback);
    }
    if (rule) profile = rule.source.profile;
  }
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

/**
 * A workload that replaces another mid-life (new rules after a reload, new resources after an Update): its
 * counters go on from the previous workload's sample at the switch, growing at the new workload's rate from
 * there, so they never go back nor jump.
 */
export function continueWorkload(next: Workload, previous: UsageSample, elapsedMs: number): Workload {
  const start = next.sample(elapsedMs);
  const offset = {
    usage: previous.cpuUsageUsec - start.cpuUsageUsec,
    periods: previous.cpuNrPeriods - start.cpuNrPeriods,
    throttled: previous.cpuNrThrottled - start.cpuNrThrottled,
    throttledUsec: previous.cpuThrottledUsec - start.cpuThrottledUsec,
  };
  const high = { ...previous };
  return {
    sample(ms: number, execs?: number): UsageSample {
      const s = next.sample(ms, execs);
      high.cpuUsageUsec = Math.max(high.cpuUsageUsec, s.cpuUsageUsec + offset.usage);
      high.cpuNrPeriods = Math.max(high.cpuNrPeriods, s.cpuNrPeriods + offset.periods);
      high.cpuNrThrottled = Math.max(high.cpuNrThrottled, s.cpuNrThrottled + offset.throttled);
      high.cpuThrottledUsec = Math.max(high.cpuThrottledUsec, s.cpuThrottledUsec + offset.throttledUsec);
      const user = userPart(high.cpuUsageUsec);
      return {
        ...s,
        cpuUsageUsec: high.cpuUsageUsec,
        cpuUserUsec: user,
        cpuSystemUsec: high.cpuUsageUsec - user,
        cpuNrPeriods: high.cpuNrPeriods,
        cpuNrThrottled: Math.min(high.cpuNrThrottled, high.cpuNrPeriods),
        cpuThrottledUsec: high.cpuThrottledUsec,
      };
    },
  };
}
