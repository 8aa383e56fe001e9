/**
 * metrics-server outside the cluster, on loopback: it scrapes each kubelet's /metrics/resource at the node's
 * InternalIP (its 127.0.0.x), trusting the kubelets' self-signed certificates, and the apiserver reaches it
 * through the APIService in manifests.ts. Pure.
 */
import type { ComponentSpec } from './component.js';
import { CONTROL_PLANE_ADDRESS, CONTROL_PLANE_PORTS, type ClusterLayout } from './layout.js';
import type { Tools } from './tools.js';

/** The shortest resolution metrics-server accepts: `kubectl top` answers after two scrapes. */
export const METRIC_RESOLUTION_SECONDS = 10;

export function metricsServerSpec(layout: ClusterLayout, tools: Tools): ComponentSpec {
  const { kubeconfig, certDir } = layout.metricsServer;
  return {
    name: 'metrics-server',
    command: tools['metrics-server'],
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      `--bind-address=${CONTROL_PLANE_ADDRESS}`,
      `--secure-port=${CONTROL_PLANE_PORTS.metricsServer}`,
      `--cert-dir=${certDir}`,
      '--kubelet-insecure-tls',
      '--kubelet-preferred-address-types=InternalIP',
      `--metric-resolution=${METRIC_RESOLUTION_SECONDS}s`,
      // It must be shorter than the resolution (default 10 s, as long as our resolution).
      '--kubelet-request-timeout=5s',
      '--v=1',
    ],
    log: layout.metricsServer.log,
    health: {
      kind: 'http',
      url: `https://${CONTROL_PLANE_ADDRESS}:${CONTROL_PLANE_PORTS.metricsServer}/livez`,
    },
  };
}
