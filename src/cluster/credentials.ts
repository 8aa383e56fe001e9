/**
 * Who talks to the apiserver, each with a bearer token of its own (`--token-auth-file`): the user (kubectl), the
 * controller-manager, the scheduler, metrics-server and every kubelet, named and grouped as Kubernetes names them,
 * so the logs and audit say who did what even though the cluster authorizes everything (AlwaysAllow). Pure.
 */
import { randomBytes } from 'node:crypto';

export interface Credential {
  user: string;
  groups: string[];
  token: string;
}

export interface ClusterCredentials {
  admin: Credential;
  controllerManager: Credential;
  scheduler: Credential;
  metricsServer: Credential;
  /** By node name. */
  nodes: Record<string, Credential>;
}

export function randomToken(): string {
  return randomBytes(24).toString('hex');
}

export function clusterCredentials(
  nodeNames: string[],
  token: () => string = randomToken,
): ClusterCredentials {
  const credential = (user: string, ...groups: string[]): Credential => ({ user, groups, token: token() });
  return {
    admin: credential('admin', 'system:masters'),
    controllerManager: credential('system:kube-controller-manager'),
    scheduler: credential('system:kube-scheduler'),
    metricsServer: credential('system:metrics-server'),
    nodes: Object.fromEntries(
      nodeNames.map((name) => [name, credential(`system:node:${name}`, 'system:nodes')]),
    ),
  };
}

/** The apiserver's `--token-auth-file`: `token,user,uid,"group,group"` per line. */
export function tokenAuthFile(credentials: ClusterCredentials): string {
  const all = [
    credentials.admin,
    credentials.controllerManager,
    credentials.scheduler,
    credentials.metricsServer,
    ...Object.values(credentials.nodes),
  ];
  return all.map(({ token, user, groups }) => `${token},${user},${user},"${groups.join(',')}"\n`).join('');
}
