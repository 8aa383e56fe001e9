import type { ContainerContext } from '../../machines/container.machine.js';
import type { SandboxContext } from '../../machines/sandbox.machine.js';
import { criContainerNameOf } from '../containers/cri-annotations.js';
import { podIdentityOf, podUidOf } from '../workload/sampler.js';

/** A pod as kube-state-metrics and the kubelet label it. */
export interface PodLabels {
  namespace: string;
  pod: string;
  uid: string;
}

/**
 * The pod's namespace, name and uid from the PodSandboxConfig metadata kubelet sent; a sandbox created without
 * one (not by CRI) is named by its id, so that its series stay apart from other such sandboxes'.
 */
export function podLabelsOf(sandbox: SandboxContext): PodLabels {
  const { name, namespace } = podIdentityOf(sandbox.record);
  return { namespace, pod: name === '' ? sandbox.id : name, uid: podUidOf(sandbox.record) };
}

/** CRI's container name, or the container's id when it has none. */
export function containerLabelOf(container: ContainerContext): string {
  return criContainerNameOf(container.record) || container.id;
}
