import type { CallTarget, PodIdentity } from '../../src/faults/types.js';

let calls = 0;

export const webPod: PodIdentity = { namespace: 'prod', name: 'web-1', uid: 'u-web-1', attempt: 0 };
export const dbPod: PodIdentity = { namespace: 'prod', name: 'db-0', uid: 'u-db-0', attempt: 0 };

/** A Controller call for a pod (a fresh sandbox id unless given, as containerd's CRI makes one per attempt). */
export function controllerCall(
  method: string,
  pod: PodIdentity | null,
  sandboxId = `sb-${++calls}`,
): CallTarget {
  return { service: 'Controller', method, sandboxId, containerId: '', execId: '', pod, container: '' };
}

export function taskCall(
  method: string,
  pod: PodIdentity | null,
  container: string,
  containerId = `c-${++calls}`,
  sandboxId = 'sb-task',
): CallTarget {
  return { service: 'Task', method, sandboxId, containerId, execId: '', pod, container };
}
