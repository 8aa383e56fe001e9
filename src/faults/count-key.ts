/**
 * Whose count a call advances. containerd's CRI makes a new sandbox id for every RunPodSandbox attempt (kubelet
 * retries with the same pod metadata), so a failpoint counted per sandbox id would never let a retry succeed:
 * Controller calls count per pod (namespace, name, uid, attempt), Task calls per pod and container name, so a
 * restarted container continues its count. Without a pod, the sandbox id stands in for it (and the container id
 * for a container name not known).
 */
import type { CallTarget } from './types.js';

export function countKeyOf(target: CallTarget): string {
  const pod = target.pod;
  const owner = pod
    ? `pod/${pod.namespace}/${pod.name}/${pod.uid}/${pod.attempt}`
    : `sandbox/${target.sandboxId}`;
  if (target.service === 'Controller') return owner;
  return target.container ? `${owner}/name/${target.container}` : `${owner}/id/${target.containerId}`;
}
