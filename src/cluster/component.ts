/** A process the cluster runs: how to start it, where its output goes, and how to tell that it works. */

export type HealthCheck =
  /** Answers 200 (self-signed certificates are accepted: every endpoint is on loopback and ours). */
  | { kind: 'http'; url: string; bearerToken?: string }
  /** A unix socket that accepts connections. */
  | { kind: 'socket'; path: string }
  /** containerd's CRI answers (crictl at this endpoint lists pods). */
  | { kind: 'cri'; endpoint: string };

export interface ComponentSpec {
  /** Unique in the cluster: `etcd`, `node-1/kubelet`. */
  name: string;
  /** The node it belongs to (from 1), absent for the control plane. */
  node?: number;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  log: string;
  health: HealthCheck;
}
