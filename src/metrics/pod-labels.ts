import type { ContainerContext } from '../../machines/container.machine.js';
import type { SandboxContext } from '../../machines/sandbox.machine.js';
import { criContainerNameOf } from '../containers/cri-annotations.js';
import { podIdentityOf, podUidOf } from '../workload/sampler.js';

/** A pod as kube-state-metrics and the kubelet label it (a type, not an interface: it is a label record). */
export type PodLabels = {
  namespace: string;
  pod: string;
  uid: string;
};

/**
 * One labels object per sandbox context, so that the text writer formats a pod's labels once for all its series
 * and all scrapes; a transition gives the sandbox a new context, and with it new labels (its record may have
 * changed with an Update).
 */
const labelsByContext = new WeakMap<SandboxContext, Readonly<PodLabels>>();

/**
 * The pod's namespace, name and uid from the PodSandboxConfig metadata kubelet sent; a sandbox created without
 * one (not by CRI) is named by its id, so that its series stay apart from other such sandboxes'.
 */
export function podLabelsOf(sandbox: SandboxContext): Readonly<PodLabels> {
  const known = labelsByContext.get(sandbox);
  if (known) return known;
  const { name, namespace } = podIdentityOf(sandbox.record);
  const labels = Object.freeze({
    namespace,
    pod: name === '' ? sandbox.id : name,
    uid: podUidOf(sandbox.record),
  });
  labelsByContext.set(sandbox, labels);
  return labels;
}

/** Labels derived from a pod's labels, made once per pod labels object (see podLabelsOf). */
export function derivedLabels<T extends object>(
  derive: (pod: Readonly<PodLabels>) => T,
): (pod: Readonly<PodLabels>) => Readonly<T> {
  const made = new WeakMap<Readonly<PodLabels>, Readonly<T>>();
  return (pod) => {
    let labels = made.get(pod);
    if (!labels) made.set(pod, (labels = Object.freeze(derive(pod))));
    return labels;
  };
}

/** CRI's container name, or the container's id when it has none. */
export function containerLabelOf(container: ContainerContext): string {
  return criContainerNameOf(container.record) || container.id;
}
