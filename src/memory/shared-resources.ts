import type { ResourceInfo } from '../resources/types.js';

/**
 * Bounded: a node runs pods of a limited number of workloads, and a value that finds the cache full is still
 * frozen and kept on its own (evicting the oldest key costs nothing that is still in use).
 */
const MAX_CACHED = 4096;
const cache = new Map<string, ResourceInfo>();

/**
 * One shared, frozen copy of each distinct ResourceInfo. The replicas of a workload declare the same resources,
 * and at 100k sandboxes with a container each, a copy per actor was about 550 bytes per sandbox. Equal values are
 * found by their JSON text, which layerToInfo and the files it is read back from write in one key order.
 */
export function sharedResources(info: ResourceInfo): ResourceInfo {
  const key = JSON.stringify(info);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  deepFreeze(info);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, info);
  return info;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  for (const child of Object.values(value)) deepFreeze(child);
  Object.freeze(value);
}
