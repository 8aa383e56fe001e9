/** A kubeconfig file for one user of the cluster: its apiserver, the CA that signed it, and a bearer token. Pure. */
import { stringify } from 'yaml';
import type { Credential } from './credentials.js';

export const CLUSTER_NAME = 'resource-slot';

export function kubeconfig(server: string, caFile: string, credential: Credential): string {
  const user = credential.user;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CLUSTER_NAME, cluster: { server, 'certificate-authority': caFile } }],
    users: [{ name: user, user: { token: credential.token } }],
    contexts: [{ name: CLUSTER_NAME, context: { cluster: CLUSTER_NAME, user } }],
    'current-context': CLUSTER_NAME,
  });
}
