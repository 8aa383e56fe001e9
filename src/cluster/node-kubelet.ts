/** A node's kubelet command line, inside its private mount namespace (kubelet-namespace.ts). Pure. */
import type { ComponentSpec } from './component.js';
import { inPrivateMountNamespace } from './kubelet-namespace.js';
import { KUBELET_HEALTHZ_PORT, type NodeLayout } from './layout.js';
import type { Tools } from './tools.js';

export function nodeKubeletSpec(
  node: NodeLayout,
  tools: Tools,
  unshare: string,
  labels: Record<string, string>,
): ComponentSpec {
  const { kubelet } = node;
  const args = [
    `--config=${kubelet.config}`,
    `--kubeconfig=${kubelet.kubeconfig}`,
    `--root-dir=${kubelet.rootDir}`,
    `--cert-dir=${kubelet.certDir}`,
    `--hostname-override=${node.name}`,
    `--node-labels=${Object.entries(labels)
      .map(([key, value]) => `${key}=${value}`)
      .join(',')}`,
    '--v=1',
  ];
  return {
    name: `node-${node.index}/kubelet`,
    node: node.index,
    command: unshare,
    args: inPrivateMountNamespace(kubelet.sysctlDir, tools.kubelet, args),
    log: kubelet.log,
    health: { kind: 'http', url: `http://${node.address}:${KUBELET_HEALTHZ_PORT}/healthz` },
  };
}
