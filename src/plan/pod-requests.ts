/**
 * A pod's requests as Kubernetes adds them up (k8s.io/component-helpers/resource PodRequests, what the scheduler
 * and kubelet's admission compare with allocatable): the containers summed; each init container's requests, plus
 * the sidecars (restartable init containers) started before it, taken at their maximum; the sidecars added to the
 * containers, as they run beside them; the larger of the two per resource; then the pod's overhead added.
 */
import type { Nanos } from '../node/amounts.js';

export type Requests = ReadonlyMap<string, Nanos>;

export interface ContainerRequests {
  requests: Requests;
  /** An init container with `restartPolicy: Always`: a sidecar, running beside the containers. */
  restartable?: boolean;
}

export interface PodResources {
  containers: readonly ContainerRequests[];
  initContainers: readonly ContainerRequests[];
  overhead: Requests;
}

function add(a: Requests, b: Requests): Map<string, Nanos> {
  const sum = new Map(a);
  for (const [name, amount] of b) sum.set(name, (sum.get(name) ?? 0n) + amount);
  return sum;
}

function max(a: Requests, b: Requests): Map<string, Nanos> {
  const larger = new Map(a);
  for (const [name, amount] of b) if (amount > (larger.get(name) ?? 0n)) larger.set(name, amount);
  return larger;
}

export function podRequests({ containers, initContainers, overhead }: PodResources): Requests {
  let requests: Requests = containers.reduce<Requests>((sum, c) => add(sum, c.requests), new Map());
  let sidecars: Requests = new Map();
  let init: Requests = new Map();
  for (const container of initContainers) {
    if (container.restartable) sidecars = add(sidecars, container.requests);
    init = max(init, container.restartable ? sidecars : add(container.requests, sidecars));
  }
  requests = max(add(requests, sidecars), init);
  return add(requests, overhead);
}
