import type { ResourceInfo } from '../resources/types.js';

/** One resource amount as kube-state-metrics labels it: its resource name, its unit and its value. */
export interface ResourceAmount {
  resource: string;
  unit: string;
  value: number;
}

type AmountKey = 'cpu_request' | 'memory_request' | 'cpu_limit' | 'memory_limit' | 'storage_limit';

const REQUESTS: ReadonlyArray<[AmountKey, string]> = [
  ['cpu_request', 'cpu'],
  ['memory_request', 'memory'],
];

const LIMITS: ReadonlyArray<[AmountKey, string]> = [
  ['cpu_limit', 'cpu'],
  ['memory_limit', 'memory'],
  ['storage_limit', 'ephemeral_storage'],
];

/**
 * A Kubernetes resource name as kube-state-metrics writes it in a label: every character that may not be in a
 * Prometheus name becomes `_` (`ephemeral-storage` → `ephemeral_storage`, `nvidia.com/gpu` → `nvidia_com_gpu`).
 */
export const sanitizedResourceName = (name: string): string => name.replace(/[^a-zA-Z0-9_]/g, '_');

/** kube-state-metrics' unit label: `core` for cpu, `byte` for memory, storage and huge pages, else `integer`. */
export function unitOf(resource: string): string {
  if (resource === 'cpu') return 'core';
  if (resource === 'memory' || resource === 'ephemeral_storage' || resource.startsWith('hugepages_'))
    return 'byte';
  return 'integer';
}

function amounts(info: ResourceInfo, keys: ReadonlyArray<[AmountKey, string]>): ResourceAmount[] {
  const found: ResourceAmount[] = [];
  for (const [key, resource] of keys) {
    const value = info[key];
    // Unset (null) is no series, as kube-state-metrics writes none for a resource the spec does not name.
    if (typeof value === 'number') found.push({ resource, unit: unitOf(resource), value });
  }
  return found;
}

/** What a container requests: cpu in cores, memory in bytes. */
export const requestsOf = (info: ResourceInfo): ResourceAmount[] => amounts(info, REQUESTS);

/** What a container is limited to: cpu in cores, memory and ephemeral storage in bytes. */
export const limitsOf = (info: ResourceInfo): ResourceAmount[] => amounts(info, LIMITS);
