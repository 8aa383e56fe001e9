import os from 'node:os';
import type { UsageView } from '../../machines/supervisor.machine.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import { sumSamples, workloadFor, type Workload } from './index.js';
import type { UsageSample } from './sample.js';

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

/** The CRI container name containerd put in the container's OCI annotations ('' for other clients). */
function containerNameOf(record: JsonObject): string {
  const cri = record.cri;
  if (!cri || typeof cri !== 'object' || Array.isArray(cri)) return '';
  return typeof cri.containerName === 'string' ? cri.containerName : '';
}

interface Cached {
  resources: JsonObject;
  workload: Workload;
}

/**
 * Samples the usage model of each container from its usage view and the clock. A container's workload is built
 * once (on its first sample) and kept beside its record, so a Stats call is a lookup and an evaluation; it is built
 * again only when an Update changed the container's resources. Nothing is written: the model is a function of time.
 */
export class UsageSampler {
  private readonly workloads = new WeakMap<JsonObject, Cached>();
  /** A second workload per container, for `sampleBefore` only (see there). */
  private readonly earlierWorkloads = new WeakMap<JsonObject, Cached>();

  constructor(
    /** The clock samples are taken at (the daemon's, so tests can inject one). */
    readonly now: () => number,
    /** What a container without a memory limit may use (and caps a pod's summed limit). */
    readonly nodeMemoryBytes: number = os.totalmem(),
  ) {}

  /** A container's sample now; a stopped one's at its exit, a created one's at zero time. */
  sample(view: UsageView): UsageSample {
    const { container } = view;
    const { startedAt, exitedAt } = container;
    const elapsedMs = startedAt === null ? 0 : Math.max(0, (exitedAt ?? this.now()) - startedAt);
    return this.workloadOf(view, this.workloads).sample(elapsedMs, view.liveExecs);
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
    return this.workloadOf(view, this.earlierWorkloads).sample(elapsedMs, view.liveExecs);
  }

  /** A pod's sample: its containers' samples added up. */
  podSample(containers: UsageView[]): UsageSample {
    return sumSamples(
      containers.map((view) => this.sample(view)),
      this.nodeMemoryBytes,
    );
  }

  private workloadOf({ sandbox, container }: UsageView, workloads: WeakMap<JsonObject, Cached>): Workload {
    const cached = workloads.get(container.record);
    if (cached && cached.resources === container.resources) return cached.workload;
    const { resources } = container;
    const workload = workloadFor({
      podAnnotations: podAnnotationsOf(sandbox.record),
      containerName: containerNameOf(container.record),
      cpuRequestCores: numberOrNull(resources.cpu_request),
      cpuLimitCores: numberOrNull(resources.cpu_limit),
      memoryRequestBytes: numberOrNull(resources.memory_request),
      memoryLimitBytes: numberOrNull(resources.memory_limit),
      pidsLimit: numberOrNull(resources.pid_limit),
      nodeMemoryBytes: this.nodeMemoryBytes,
      seed: container.id,
    });
    workloads.set(container.record, { resources, workload });
    return workload;
  }
}
