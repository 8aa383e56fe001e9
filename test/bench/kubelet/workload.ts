/**
 * What the kubelet figure creates: bare Pods (Kuasar's steps and start-up latencies) and one Deployment (the waves
 * of 100 and 1,000), each pod as small as a ResourceSlot node runs it: the local image, never pulled, on the host's
 * network, in the RuntimeClass the cluster made, requesting 1m CPU and 4Mi so a thousand fit a 2-core node.
 */
import { LOCAL_IMAGE } from '../../../src/cluster/control-plane-files.js';
import { RUNTIME_CLASS } from '../../../src/cluster/manifests.js';
import type { ApiClient } from './api.js';

export const NAMESPACE = 'default';
const LABELS = { 'resource-slot-bench': 'kubelet' };
export const DEPLOYMENT = 'bench-pods';

const podSpec = {
  runtimeClassName: RUNTIME_CLASS,
  hostNetwork: true,
  automountServiceAccountToken: false,
  terminationGracePeriodSeconds: 1,
  containers: [
    {
      name: 'app',
      image: LOCAL_IMAGE,
      imagePullPolicy: 'Never',
      resources: { requests: { cpu: '1m', memory: '4Mi' }, limits: { cpu: '10m', memory: '16Mi' } },
    },
  ],
  // Spread evenly over the nodes, so "N pods per node" holds on every node, not on average.
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: LABELS },
    },
  ],
};

export function createPod(api: ApiClient, name: string): Promise<unknown> {
  return api.request('POST', `/api/v1/namespaces/${NAMESPACE}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: LABELS },
    spec: podSpec,
  });
}

/** The Deployment at `replicas`: created the first time, scaled after. */
export async function deployPods(api: ApiClient, replicas: number, exists: boolean): Promise<void> {
  const path = `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`;
  if (exists) {
    await api.request(
      'PATCH',
      `${path}/${DEPLOYMENT}/scale`,
      { spec: { replicas } },
      'application/merge-patch+json',
    );
    return;
  }
  await api.request('POST', path, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: DEPLOYMENT, labels: LABELS },
    spec: {
      replicas,
      selector: { matchLabels: LABELS },
      template: { metadata: { labels: LABELS }, spec: podSpec },
    },
  });
}
