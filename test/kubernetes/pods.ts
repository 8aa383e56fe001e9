/**
 * Pods as the apiserver shows them (the fields the cases read), and manifests of pods that fit these nodes: the
 * local image, never pulled, on the host's network, in the ResourceSlot RuntimeClass.
 */
import { LOCAL_IMAGE } from '../../src/cluster/control-plane-files.js';
import type { Kubectl } from '../../src/cluster/kubectl.js';
import { RUNTIME_CLASS } from '../../src/cluster/manifests.js';

export interface Terminated {
  exitCode: number;
  reason?: string;
}

export interface ContainerStatus {
  name: string;
  containerID?: string;
  restartCount: number;
  ready: boolean;
  state: { running?: object; waiting?: { reason?: string }; terminated?: Terminated };
  lastState: { terminated?: Terminated };
}

export interface Pod {
  metadata: { name: string; uid: string; deletionTimestamp?: string; labels?: Record<string, string> };
  spec: { nodeName?: string };
  status: {
    phase?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: ContainerStatus[];
  };
}

export async function listPods(kubectl: Kubectl, ...selector: string[]): Promise<Pod[]> {
  return (JSON.parse(await kubectl.ok(['get', 'pods', '-o', 'json', ...selector])) as { items: Pod[] }).items;
}

export async function getPod(kubectl: Kubectl, name: string): Promise<Pod> {
  return JSON.parse(await kubectl.ok(['get', 'pod', name, '-o', 'json'])) as Pod;
}

export const isReady = (pod: Pod): boolean =>
  pod.status.phase === 'Running' &&
  pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

export const describePods = (pods: Pod[]): string =>
  pods
    .map(
      (pod) =>
        `${pod.metadata.name} ${pod.status.phase} restarts=${pod.status.containerStatuses?.[0]?.restartCount}`,
    )
    .join(', ') || 'none';

/** The one container of a pod that fits a ResourceSlot node; `extra` adds probes, resources, ... */
export function appContainer(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'app', image: LOCAL_IMAGE, imagePullPolicy: 'Never', ...extra };
}

/** A pod spec pinned to one node of the cluster (its `resource-slot.io/node` label). */
export function podSpec(node: string, container: Record<string, unknown>): Record<string, unknown> {
  return {
    runtimeClassName: RUNTIME_CLASS,
    hostNetwork: true,
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: 1,
    nodeSelector: { 'resource-slot.io/node': node },
    containers: [container],
  };
}

export interface PodOptions {
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  container?: Record<string, unknown>;
}

export function podManifest(name: string, node: string, options: PodOptions = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, annotations: options.annotations ?? {}, labels: options.labels ?? {} },
    spec: podSpec(node, options.container ?? appContainer()),
  };
}
