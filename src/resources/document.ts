import { podTotals } from './totals.js';
import type { ResourceInfo, Totals } from './types.js';

export interface ContainerResources extends ResourceInfo {
  container_id: string;
  state: string;
}

/** resources.json: the sandbox's effective values at top level, its containers, and the pod-level totals. */
export interface ResourcesDocument extends ResourceInfo {
  state: string;
  containers: ContainerResources[];
  totals: Totals;
}

export function resourcesDocument(
  state: string,
  sandbox: ResourceInfo,
  containers: readonly ContainerResources[],
): ResourcesDocument {
  return { state, ...sandbox, containers: [...containers], totals: podTotals(sandbox, containers) };
}
