import type { ResourceInfo } from '../resources/types.js';

/** A live container as the node sees it: its process exists (created, running or paused). */
export interface LiveContainer {
  id: string;
  /** CRI's container name, '' when it has none. */
  name: string;
  resources: ResourceInfo;
}

/** A live sandbox as the node sees it (src/inspect/live-pods.ts reads it from the actors). */
export interface LivePod {
  sandboxId: string;
  name: string;
  namespace: string;
  /** created or running: it holds what it declares. A stopped pod holds nothing, though it is still listed. */
  holding: boolean;
  resources: ResourceInfo;
  /** Only the live ones: a stopped container is replaced by a new one when kubelet restarts it. */
  containers: LiveContainer[];
}
