import os from 'node:os';
import type { SandboxContext } from '../../machines/sandbox.machine.js';
import type { UsageView } from '../../machines/supervisor.machine.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import { criContainerNameOf } from '../containers/cri-annotations.js';
import { oomAfterMs, sumSamples, workloadFor, type Workload, type WorkloadInput } from './index.js';
import { continueWorkload } from './model.js';
import { ProfileRules, type PodIdentity } from './profile-file.js';
import type { PodOomScan } from './pod-oom.js';
import { podLimitOf, podOomScanOf, type PodRun } from './pod-runs.js';
import type { UsageSample } from './sample.js';
import { averageUsage, type WindowUsage } from './window-usage.js';

const stringMap = (value: JsonValue | undefined): Record<string, string> => {
  const map: Record<string, string> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') map[key] = entry;
  }
  return map;
};

const numberOrNull = (value: JsonValue | undefined): number | null =>
  typeof value === 'number' ? value : null;

/** The pod's annotations, as kubelet passed them in the PodSandboxConfig the sandbox was created with. */
export function podAnnotationsOf(sandboxRecord: JsonObject): Record<string, string> {
  const config = sandboxRecord.config;
  return config && typeof config === 'object' && !Array.isArray(config) ? stringMap(config.annotations) : {};
}

/** The pod's labels, as kubelet passed them in the PodSandboxConfig (KWOK's chaos stages are turned on by one). */
export function podLabelsOf(sandboxRecord: JsonObject): Record<string, string> {
  const config = sandboxRecord.config;
  return config && typeof config === 'object' && !Array.isArray(config) ? stringMap(config.labels) : {};
}

/** The pod's UID from the PodSandboxConfig metadata ('' when absent). */
export function podUidOf(sandboxRecord: JsonObject): string {
  const config = sandboxRecord.config;
  const metadata =
    config && typeof config === 'object' && !Array.isArray(config) ? config.metadata : undefined;
  return stringMap(metadata).uid ?? '';
}

/** The pod's name and namespace, from the PodSandboxConfig metadata ('' when absent). */
export function podIdentityOf(sandboxRecord: JsonObject): PodIdentity {
  const config = sandboxRecord.config;
  const metadata =
    config && typeof config === 'object' && !Array.isArray(config) ? config.metadata : undefined;
  const fields = stringMap(metadata);
  return { name: fields.name ?? '', namespace: fields.namespace ?? '' };
}

interface Cached {
  resources: JsonObject;
  /** The rules' generation it was built with. */
  generation: number;
  workload: Workload;
}

/**
 * Samples the usage model of each container from its usage view and the clock. A container's workload is built
 * once (on its first sample) and kept beside its record, so a Stats call is a lookup and an evaluation; it is built
 * again only when an Update changed the container's resources or new profile-file rules were set, and then goes on
 * from the old one's counters (they never go back). Nothing is written: the model is a function of time.
 */
export class UsageSampler {
  private readonly workloads = new WeakMap<JsonObject, Cached>();
  /** A second workload per container, for `sampleBefore` only (see there). */
  private readonly earlierWorkloads = new WeakMap<JsonObject, Cached>();
  private rules = ProfileRules.EMPTY;
  /** Bumped by every setRules: a cached workload of an older generation is rebuilt on its next sample. */
  private generation = 0;

  constructor(
    /** The clock samples are taken at (the daemon's, so tests can inject one). */
    readonly now: () => number,
    /** What a container without a memory limit may use (and caps a pod's summed limit). */
    readonly nodeMemoryBytes: number = os.totalmem(),
  ) {}

  /** The profile file's rules (--workload), in force from each container's next sample. */
  setRules(rules: ProfileRules): void {
    this.rules = rules;
    this.generation++;
  }

  /**
   * A container's sample now (or at `at`, a time its caller has just read from the clock, to know the sample's
   * time exactly); a stopped one's at its exit, a created one's at zero time.
   */
  sample(view: UsageView, at: number = this.now()): UsageSample {
    const { container } = view;
    const { startedAt, exitedAt } = container;
    const elapsedMs = startedAt === null ? 0 : Math.max(0, (exitedAt ?? at) - startedAt);
    return this.workloadOf(view, this.workloads, elapsedMs).sample(elapsedMs, view.liveExecs);
  }

  /**
   * A container's sample `windowMs` before now (at its exit if that came first, at zero time before its start),
   * for a rate over the last window (the Inspect service's Usage). The model keeps its counters as high-water
   * marks, so the workload `sample` reads cannot be asked for an earlier time; this one reads a second workload
   * of the container's, only ever asked at now − window, which does not go back either for a fixed window.
   */
  sampleBefore(view: UsageView, windowMs: number): UsageSample {
    const { startedAt, exitedAt } = view.container;
    const at = Math.min(exitedAt ?? Infinity, this.now() - windowMs);
    const elapsedMs = startedAt === null ? 0 : Math.max(0, at - startedAt);
    return this.workloadOf(view, this.earlierWorkloads, elapsedMs).sample(elapsedMs, view.liveExecs);
  }

  /**
   * A pod's sample: its containers' samples added up; its memory limit is the pod cgroup's when it has one
   * (src/workload/pod-limit.ts), else the containers' added up (capped at the node's memory).
   */
  podSample(sandbox: SandboxContext, containers: UsageView[]): UsageSample {
    const total = sumSamples(
      containers.map((view) => this.sample(view)),
      this.nodeMemoryBytes,
    );
    const podLimit = podLimitOf(
      sandbox,
      containers.map((view) => view.container),
    );
    if (podLimit !== null) total.memoryLimitBytes = Math.min(podLimit, this.nodeMemoryBytes);
    return total;
  }

  /**
   * When the container's memory demand first goes above its memory limit (ms after its start), from its resources,
   * its pod's annotations and the rules in force now; null when never (docs/workload.md, "OOM kills").
   */
  oomAfterMs(view: Pick<UsageView, 'sandbox' | 'container'>): number | null {
    return oomAfterMs(this.inputOf(view));
  }

  /**
   * The pod's next kill by its pod-level memory limit at or after `fromMs`, from every container of the pod with
   * the end of its run (docs/workload.md, "Pod-level OOM kills"), with the rules in force now.
   */
  podOomScan(sandbox: UsageView['sandbox'], runs: readonly PodRun[], fromMs: number): PodOomScan {
    return podOomScanOf(sandbox, runs, fromMs, (container) => this.inputOf({ sandbox, container }));
  }

  /** A container's average usage between two times of its life (ms after its start), for cost; nothing cached. */
  averageUsage(view: Pick<UsageView, 'sandbox' | 'container'>, fromMs: number, toMs: number): WindowUsage {
    return averageUsage(this.inputOf(view), fromMs, toMs);
  }

  private inputOf({ sandbox, container }: Pick<UsageView, 'sandbox' | 'container'>): WorkloadInput {
    const { resources } = container;
    const pod = podIdentityOf(sandbox.record);
    return {
      podAnnotations: podAnnotationsOf(sandbox.record),
      containerName: criContainerNameOf(container.record),
      cpuRequestCores: numberOrNull(resources.cpu_request),
      cpuLimitCores: numberOrNull(resources.cpu_limit),
      memoryRequestBytes: numberOrNull(resources.memory_request),
      memoryLimitBytes: numberOrNull(resources.memory_limit),
      pidsLimit: numberOrNull(resources.pid_limit),
      nodeMemoryBytes: this.nodeMemoryBytes,
      seed: container.id,
      podName: pod.name,
      podNamespace: pod.namespace,
      rules: this.rules,
    };
  }

  private workloadOf(
    { sandbox, container, liveExecs }: UsageView,
    workloads: WeakMap<JsonObject, Cached>,
    elapsedMs: number,
  ): Workload {
    const cached = workloads.get(container.record);
    const { generation } = this;
    if (cached && cached.resources === container.resources && cached.generation === generation)
      return cached.workload;
    const { resources } = container;
    const built = workloadFor(this.inputOf({ sandbox, container }));
    const workload = cached
      ? continueWorkload(built, cached.workload.sample(elapsedMs, liveExecs), elapsedMs)
      : built;
    workloads.set(container.record, { resources, generation, workload });
    return workload;
  }
}
