/**
 * From what the daemon stores to the pod-level OOM scan: the sandbox's resources give the pod's limit
 * (src/workload/pod-limit.ts), each started container of the pod a member (src/workload/pod-oom.ts).
 */
import type { ContainerContext } from '../../machines/container.machine.js';
import type { SandboxContext } from '../../machines/sandbox.machine.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import type { Curve } from './curve.js';
import { curveFor, type WorkloadInput } from './model.js';
import { podMemoryLimit, type PodMemoryDeclaration } from './pod-limit.js';
import { NEVER, scanPodOom, type PodMember, type PodOomScan } from './pod-oom.js';

/** A container of a pod and the time its run ends: its exit, its armed scripted exit or OOM kill, or null. */
export interface PodRun {
  container: ContainerContext;
  endsAt: number | null;
}

const numberOrNull = (value: JsonValue | undefined): number | null =>
  typeof value === 'number' ? value : null;

const objectOrEmpty = (value: JsonValue | undefined): JsonObject =>
  value && typeof value === 'object' && !Array.isArray(value) ? value : {};

/** A container's own memory limit in bytes; null when it has none (0 or unset). */
function ownMemoryLimit(resources: JsonObject): number | null {
  const limit = numberOrNull(resources.memory_limit);
  return limit !== null && limit > 0 ? limit : null;
}

/** What the sandbox's resources (a src/resources/ ResourceInfo, as stored) declare about the pod's memory. */
function podMemoryOf(resources: JsonObject): PodMemoryDeclaration {
  const source = objectOrEmpty(resources.sources).memory_limit;
  return {
    limitBytes: numberOrNull(resources.memory_limit),
    source: typeof source === 'string' ? source : null,
    overheadBytes: numberOrNull(objectOrEmpty(resources.overhead).memory_limit),
  };
}

/** A started container as a member; its demand curve is built only if the scan reads it. */
function memberOf(run: PodRun, startedAt: number, input: () => WorkloadInput): PodMember {
  const { resources } = run.container;
  const request = numberOrNull(resources.memory_request);
  let curve: Curve | null = null;
  return {
    containerId: run.container.id,
    startedAt,
    endsAt: run.endsAt,
    memoryLimitBytes: ownMemoryLimit(resources),
    oomScoreAdj: numberOrNull(resources.oom_score_adj) ?? 0,
    demandAt: (elapsedMs) => (curve ??= curveFor('memory', input(), request, Infinity)).at(elapsedMs / 1000),
  };
}

/** The pod cgroup's memory limit (src/workload/pod-limit.ts) given its containers; null when it has none. */
export function podLimitOf(sandbox: SandboxContext, containers: readonly ContainerContext[]): number | null {
  return podMemoryLimit(
    podMemoryOf(sandbox.resources),
    containers.map((container) => ownMemoryLimit(container.resources)),
  );
}

/**
 * The pod's next kill by its pod-level memory limit at or after `fromMs`, from every container of the pod with
 * the end of its run; `never` at once, nothing built, when the pod has no limit beyond its containers' own.
 * `inputOf` gives a container's workload input (the usage sampler's, with the profile file's rules in force).
 */
export function podOomScanOf(
  sandbox: SandboxContext,
  runs: readonly PodRun[],
  fromMs: number,
  inputOf: (container: ContainerContext) => WorkloadInput,
): PodOomScan {
  const limit = podLimitOf(
    sandbox,
    runs.map(({ container }) => container),
  );
  if (limit === null) return NEVER;
  const members: PodMember[] = [];
  for (const run of runs) {
    const { startedAt } = run.container;
    if (startedAt !== null) members.push(memberOf(run, startedAt, () => inputOf(run.container)));
  }
  return scanPodOom(members, limit, fromMs);
}
