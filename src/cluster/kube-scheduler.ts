/** kube-scheduler with its default profile (it spreads a Deployment's pods over the nodes). Pure. */
import type { ComponentSpec } from './component.js';
import { CONTROL_PLANE_ADDRESS, CONTROL_PLANE_PORTS, type ClusterLayout } from './layout.js';
import type { Tools } from './tools.js';

export function schedulerSpec(layout: ClusterLayout, tools: Tools): ComponentSpec {
  const { kubeconfig } = layout.scheduler;
  return {
    name: 'kube-scheduler',
    command: tools['kube-scheduler'],
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      `--bind-address=${CONTROL_PLANE_ADDRESS}`,
      `--secure-port=${CONTROL_PLANE_PORTS.scheduler}`,
      `--cert-dir=${layout.pki}/kube-scheduler`,
      '--leader-elect=false',
      '--v=1',
    ],
    log: layout.scheduler.log,
    health: {
      kind: 'http',
      url: `https://${CONTROL_PLANE_ADDRESS}:${CONTROL_PLANE_PORTS.scheduler}/healthz`,
    },
  };
}
