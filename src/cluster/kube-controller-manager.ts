/** kube-controller-manager: Deployments, ReplicaSets, ServiceAccounts, node lifecycle (the not-ready taint). Pure. */
import type { CertificateFiles } from './certificates.js';
import type { ComponentSpec } from './component.js';
import { CONTROL_PLANE_ADDRESS, CONTROL_PLANE_PORTS, type ClusterLayout } from './layout.js';
import type { Tools } from './tools.js';

export function controllerManagerSpec(
  layout: ClusterLayout,
  tools: Tools,
  pki: CertificateFiles,
): ComponentSpec {
  const { kubeconfig } = layout.controllerManager;
  return {
    name: 'kube-controller-manager',
    command: tools['kube-controller-manager'],
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      `--bind-address=${CONTROL_PLANE_ADDRESS}`,
      `--secure-port=${CONTROL_PLANE_PORTS.controllerManager}`,
      // Its self-signed serving certificate would otherwise go to /var/run/kubernetes.
      `--cert-dir=${layout.pki}/kube-controller-manager`,
      '--leader-elect=false',
      `--service-account-private-key-file=${pki.serviceAccountKey}`,
      `--root-ca-file=${pki.caCert}`,
      '--use-service-account-credentials=false',
      // Its default, /usr/libexec/kubernetes/..., is created on the host when the attach-detach controller starts.
      `--flex-volume-plugin-dir=${layout.controllerManager.flexVolumeDir}`,
      '--v=1',
    ],
    log: layout.controllerManager.log,
    health: {
      kind: 'http',
      url: `https://${CONTROL_PLANE_ADDRESS}:${CONTROL_PLANE_PORTS.controllerManager}/healthz`,
    },
  };
}
