/**
 * kube-apiserver on loopback: token authentication, AlwaysAllow, the aggregation layer's front proxy (for
 * metrics-server) and a service-account key pair. Pure.
 */
import type { CertificateFiles } from './certificates.js';
import { FRONT_PROXY_CLIENT_NAME, SERVICE_CLUSTER_IP_RANGE } from './certificates.js';
import type { ComponentSpec } from './component.js';
import { etcdUrl } from './etcd.js';
import { CONTROL_PLANE_ADDRESS, CONTROL_PLANE_PORTS, type ClusterLayout } from './layout.js';
import type { Tools } from './tools.js';

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export function apiserverUrl(): string {
  return `https://${CONTROL_PLANE_ADDRESS}:${CONTROL_PLANE_PORTS.apiserver}`;
}

export function apiserverSpec(
  layout: ClusterLayout,
  tools: Tools,
  pki: CertificateFiles,
  adminToken: string,
): ComponentSpec {
  return {
    name: 'kube-apiserver',
    command: tools['kube-apiserver'],
    args: [
      `--etcd-servers=${etcdUrl()}`,
      `--bind-address=${CONTROL_PLANE_ADDRESS}`,
      // Said outright: left out, the apiserver looks for the default route's interface, which a laptop offline
      // does not have.
      `--advertise-address=${CONTROL_PLANE_ADDRESS}`,
      `--secure-port=${CONTROL_PLANE_PORTS.apiserver}`,
      `--tls-cert-file=${pki.apiserverCert}`,
      `--tls-private-key-file=${pki.apiserverKey}`,
      `--client-ca-file=${pki.caCert}`,
      `--token-auth-file=${layout.tokenFile}`,
      // Everything is allowed to whoever is authenticated: only holders of a token (root-only files) may come in.
      '--anonymous-auth=false',
      '--authorization-mode=AlwaysAllow',
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
      `--service-account-key-file=${pki.serviceAccountPublicKey}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
      // The `kubernetes` Service's endpoints would be the loopback address, which Endpoints may not hold.
      '--endpoint-reconciler-type=none',
      '--kubelet-preferred-address-types=InternalIP,Hostname',
      `--requestheader-client-ca-file=${pki.frontProxyCaCert}`,
      `--requestheader-allowed-names=${FRONT_PROXY_CLIENT_NAME}`,
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--proxy-client-cert-file=${pki.frontProxyClientCert}`,
      `--proxy-client-key-file=${pki.frontProxyClientKey}`,
      `--cert-dir=${layout.pki}`,
      '--allow-privileged=true',
      '--profiling=false',
      '--v=1',
    ],
    log: layout.apiserver.log,
    health: { kind: 'http', url: `${apiserverUrl()}/readyz`, bearerToken: adminToken },
  };
}
