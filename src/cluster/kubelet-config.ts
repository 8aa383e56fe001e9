/**
 * A node's KubeletConfiguration: served on the node's own address, every path under the node's dir, its own
 * cgroup root, and nothing that would act on the host (no swap check, no image garbage collection of the local
 * test image, no eviction by the host's disk or memory). Pure.
 */
import { stringify } from 'yaml';
import { KUBELET_HEALTHZ_PORT, KUBELET_PORT, type NodeLayout } from './layout.js';

export function kubeletConfig(node: NodeLayout, maxPods: number): string {
  const { kubelet } = node;
  return stringify({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: node.address,
    port: KUBELET_PORT,
    readOnlyPort: 0,
    healthzBindAddress: node.address,
    healthzPort: KUBELET_HEALTHZ_PORT,
    containerRuntimeEndpoint: `unix://${node.containerd.address}`,
    podLogsDir: kubelet.podLogsDir,
    volumePluginDir: kubelet.volumePluginDir,
    authentication: { anonymous: { enabled: true }, webhook: { enabled: false } },
    authorization: { mode: 'AlwaysAllow' },
    maxPods,
    // Two kubelets under one root would each remove the other's pod cgroups as orphans.
    cgroupRoot: node.cgroupRoot,
    cgroupsPerQOS: true,
    // containerd's RuntimeConfig says the same; this is the kubelet's fallback.
    cgroupDriver: 'cgroupfs',
    failSwapOn: false,
    // The local image is never pulled again: garbage collection must not remove it when no pod uses it.
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    // Usage is simulated: the host's disk or memory filling up must not evict the cluster's pods.
    evictionHard: { 'memory.available': '0%', 'nodefs.available': '0%', 'imagefs.available': '0%' },
    // Pods start and stop in bulk: the defaults (5/10) queue their status updates.
    kubeAPIQPS: 50,
    kubeAPIBurst: 100,
    serializeImagePulls: false,
  });
}

/** Labels a node carries: which node of the cluster it is and what it takes. */
export function nodeLabels(
  node: NodeLayout,
  capacity: { pods: number; cpus: number; memoryBytes: number },
): Record<string, string> {
  return {
    'resource-slot.io/node': `node-${node.index}`,
    'resource-slot.io/capacity-pods': String(capacity.pods),
    'resource-slot.io/capacity-cpu': String(capacity.cpus),
    'resource-slot.io/capacity-memory': `${Math.floor(capacity.memoryBytes / 2 ** 20)}Mi`,
  };
}
