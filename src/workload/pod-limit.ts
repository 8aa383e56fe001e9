/**
 * The memory limit of a pod's cgroup, as the kernel would enforce it over the pod's containers together.
 *
 * kubelet sends PodSandboxConfig.linux.resources.memory_limit_in_bytes for every pod: resourcehelper.PodLimits
 * without the overhead, which is the pod-level limit when the pod sets one (spec.resources), else the sum of the
 * limits its containers declare, leaving out those that declare none. The pod's cgroup gets memory.max only when
 * every container has a limit (cm.ResourceConfigForPod), the overhead added; with pod-level resources kubelet gives
 * each container without a limit of its own the pod's as its limit, so they all have one. So a kubelet value beside
 * a container without a limit is a partial sum no cgroup enforces. A limit from anywhere else (the
 * `resources.limits.memory` annotation, `unified["memory.max"]`) is taken as the pod's cgroup limit as it is.
 */

/** Where kubelet's PodLimits value is recorded (src/resources/cri.ts). */
const KUBELET_POD_LIMITS_SOURCE = 'linux.resources.memory_limit_in_bytes';

/** What the sandbox's resources declare about memory. */
export interface PodMemoryDeclaration {
  /** The sandbox's memory_limit in bytes; null when none. */
  limitBytes: number | null;
  /** Where it came from (the sandbox resources' `sources.memory_limit`). */
  source: string | null;
  /** linux.overhead's memory limit in bytes; null when none. */
  overheadBytes: number | null;
}

/**
 * The pod cgroup's memory limit in bytes (overhead included), or null when the pod has none beyond its containers'
 * own. `containerLimits` are the own memory limits of every container of the pod (null: none).
 */
export function podMemoryLimit(
  pod: PodMemoryDeclaration,
  containerLimits: readonly (number | null)[],
): number | null {
  const { limitBytes } = pod;
  if (limitBytes === null || !(limitBytes > 0)) return null;
  if (pod.source === KUBELET_POD_LIMITS_SOURCE && containerLimits.some((limit) => limit === null))
    return null;
  return limitBytes + (pod.overheadBytes !== null && pod.overheadBytes > 0 ? pod.overheadBytes : 0);
}
