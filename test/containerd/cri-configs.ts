/**
 * crictl's config files (CRI PodSandboxConfig / ContainerConfig with snake_case keys, as crictl decodes them) and
 * the shapes of crictl's `-o json` output that the scenarios read.
 */
import path from 'node:path';
import { IMAGE } from './stack.js';

export interface LinuxResources {
  cpu_period?: number;
  cpu_quota?: number;
  cpu_shares?: number;
  memory_limit_in_bytes?: number;
}

/** A host-network pod (namespace_options.network = NODE): containerd needs no CNI for it (contract A2.3). */
export function podConfig(
  tmp: string,
  name: string,
  resources: LinuxResources,
  annotations: Record<string, string> = {},
): object {
  return {
    metadata: { name, namespace: 'default', uid: `${name}-uid`, attempt: 0 },
    log_directory: path.join(tmp, 'pod-logs', name),
    labels: { app: name },
    annotations,
    linux: { security_context: { namespace_options: { network: 2 } }, resources },
  };
}

export function containerConfig(name: string, resources: LinuxResources): object {
  return {
    metadata: { name },
    image: { image: IMAGE },
    command: ['/hello'],
    log_path: `${name}.log`,
    linux: { resources },
  };
}

export interface PodsOutput {
  items: { id: string; state: string; runtimeHandler: string; metadata: { name: string } }[];
}

export interface ContainersOutput {
  containers: { id: string; podSandboxId: string; state: string; metadata: { name: string } }[];
}

export interface InspectpOutput {
  status: { id: string; state: string };
  info: Record<string, unknown>;
}

export interface InspectOutput {
  status: {
    id: string;
    state: string;
    exitCode: number;
    resources?: { linux?: { memoryLimitInBytes?: string | number } };
  };
}

/** crictl's JSON prints uint64 values as strings inside `{ value }`. */
interface UInt64Value {
  value?: string;
}

export interface StatsOutput {
  stats: {
    attributes: { id: string };
    cpu?: { usageCoreNanoSeconds?: UInt64Value; usageNanoCores?: UInt64Value };
    memory?: { usageBytes?: UInt64Value; workingSetBytes?: UInt64Value };
  }[];
}
