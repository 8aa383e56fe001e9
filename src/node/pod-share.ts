/**
 * What a pod holds of the node, as kubelet's admission counts it: the pod's requests (plus its overhead) in
 * millicores and bytes, and its limits. The sandbox's own declaration wins (kubelet puts the pod's sums there),
 * else its live containers' declarations add up (docs/resources.md, "Pod totals").
 */
import type { ResourceInfo } from '../resources/types.js';
import { millisOfCores } from './amounts.js';

export interface PodShare {
  requests: { cpu: number; memory: number };
  /** null: the pod declares no such limit (it is bounded only by the node). */
  limits: { cpu: number | null; memory: number | null };
}

type Pair =
  { request: 'cpu_request'; limit: 'cpu_limit' } | { request: 'memory_request'; limit: 'memory_limit' };
const CPU: Pair = { request: 'cpu_request', limit: 'cpu_limit' };
const MEMORY: Pair = { request: 'memory_request', limit: 'memory_limit' };

/**
 * A request not declared counts as the declaration's limit, as the API server's defaulting sets it
 * (SetDefaults_Pod), else as 0. CRI carries no memory request, so for kubelet's pods this is what makes memory
 * count at all: a pod with memory limits only is Guaranteed, its requests are its limits.
 */
const requestOf = (info: ResourceInfo, { request, limit }: Pair): number => info[request] ?? info[limit] ?? 0;

function podRequest(sandbox: ResourceInfo, containers: readonly ResourceInfo[], pair: Pair): number {
  if (sandbox[pair.request] !== null) return sandbox[pair.request] ?? 0;
  if (containers.length > 0) return containers.reduce((sum, info) => sum + requestOf(info, pair), 0);
  return sandbox[pair.limit] ?? 0;
}

/** The sandbox's limit when it declares one (an explicit "no limit" too), else the containers' declared ones added. */
function podLimit(
  sandbox: ResourceInfo,
  containers: readonly ResourceInfo[],
  { limit }: Pair,
): number | null {
  if (sandbox.sources[limit] !== undefined) return sandbox[limit];
  const declared = containers.map((info) => info[limit]).filter((value): value is number => value !== null);
  return declared.length === 0 ? null : declared.reduce((a, b) => a + b, 0);
}

export function podShare(sandbox: ResourceInfo, containers: readonly ResourceInfo[]): PodShare {
  const overhead = sandbox.overhead;
  // Kubelet turns the one overhead quantity into both cpu shares and a quota; either gives it back.
  const overheadCpu = overhead?.cpu_request ?? overhead?.cpu_limit ?? 0;
  const overheadMemory = overhead?.memory_limit ?? 0;
  const cpuLimit = podLimit(sandbox, containers, CPU);
  const memoryLimit = podLimit(sandbox, containers, MEMORY);
  return {
    requests: {
      cpu: millisOfCores(podRequest(sandbox, containers, CPU) + overheadCpu),
      memory: podRequest(sandbox, containers, MEMORY) + overheadMemory,
    },
    limits: {
      cpu: cpuLimit === null ? null : millisOfCores(cpuLimit + (overhead?.cpu_limit ?? overheadCpu)),
      memory: memoryLimit === null ? null : memoryLimit + overheadMemory,
    },
  };
}
