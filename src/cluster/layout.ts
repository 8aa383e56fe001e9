/**
 * Where everything of a cluster lives: addresses, ports and paths, all derived from `--dir` and the node count, so
 * `up`, `down` and `status` agree without asking each other. Pure.
 */
import path from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';

export const CONTROL_PLANE_ADDRESS = '127.0.0.1';

/** Off the components' default ports, so a cluster already on this machine is not in the way. */
export const CONTROL_PLANE_PORTS = {
  etcdClient: 12379,
  etcdPeer: 12380,
  apiserver: 16443,
  controllerManager: 11257,
  scheduler: 11259,
  metricsServer: 14443,
} as const;

/** The kubelet's own defaults: each node has an address of its own, so they need not differ between nodes. */
export const KUBELET_PORT = 10250;
export const KUBELET_HEALTHZ_PORT = 10248;

/** Node i (from 1) listens on 127.0.0.(10 + i); .1 to .10 stay free for the control plane and the host. */
const FIRST_NODE_OCTET = 11;
export const MAX_NODES = 255 - FIRST_NODE_OCTET;

/** Every node's kubelet gets its own cgroup root below this one (a kubelet removes pod cgroups it does not know). */
export const CGROUP_PARENT = 'resource-slot-cluster';

/** sun_path is 108 bytes with its NUL; containerd's ttrpc socket is the longest we make. */
const MAX_SOCKET_PATH_BYTES = 107;

export interface NodeLayout {
  index: number;
  /**
   * The node name is its address: the kubelet refuses a loopback `--node-ip`, but takes a hostname override that
   * is an IP address as the node's InternalIP, which is how the apiserver and metrics-server reach it.
   */
  name: string;
  address: string;
  dir: string;
  /** The kubelet's `cgroupRoot`, relative to each cgroup hierarchy's mount point. */
  cgroupRoot: string;
  daemon: { dir: string; listen: string; taskListen: string; log: string };
  containerd: {
    root: string;
    state: string;
    address: string;
    config: string;
    cniConf: string;
    cniBin: string;
    opt: string;
    /** Holds the shim link containerd looks up on its PATH. */
    bin: string;
    log: string;
  };
  kubelet: {
    rootDir: string;
    certDir: string;
    config: string;
    kubeconfig: string;
    podLogsDir: string;
    volumePluginDir: string;
    /** Files bind-mounted over the sysctls the kubelet checks, inside its mount namespace. */
    sysctlDir: string;
    log: string;
  };
}

export interface ClusterLayout {
  dir: string;
  stateFile: string;
  kubeconfig: string;
  kubectlCache: string;
  logsDir: string;
  pki: string;
  manifests: string;
  image: string;
  tokenFile: string;
  etcd: { dataDir: string; log: string };
  apiserver: { log: string };
  controllerManager: { kubeconfig: string; flexVolumeDir: string; log: string };
  scheduler: { kubeconfig: string; log: string };
  metricsServer: { kubeconfig: string; certDir: string; log: string };
  nodes: NodeLayout[];
}

export function nodeAddress(index: number): string {
  return `127.0.0.${FIRST_NODE_OCTET + index - 1}`;
}

export function checkNodeCount(nodes: number): void {
  if (!Number.isSafeInteger(nodes) || nodes < 1 || nodes > MAX_NODES)
    throw new InvalidArgumentError('--nodes', `must be a whole number from 1 to ${MAX_NODES}, got ${nodes}`);
}

export function clusterLayout(dir: string, nodes: number): ClusterLayout {
  checkNodeCount(nodes);
  const logsDir = path.join(dir, 'logs');
  const log = (name: string) => path.join(logsDir, `${name}.log`);
  const pki = path.join(dir, 'pki');
  const layout: ClusterLayout = {
    dir,
    stateFile: path.join(dir, 'cluster.json'),
    kubeconfig: path.join(dir, 'kubeconfig'),
    kubectlCache: path.join(dir, 'kubectl-cache'),
    logsDir,
    pki,
    manifests: path.join(dir, 'manifests'),
    image: path.join(dir, 'image.tar'),
    tokenFile: path.join(pki, 'tokens.csv'),
    etcd: { dataDir: path.join(dir, 'etcd'), log: log('etcd') },
    apiserver: { log: log('kube-apiserver') },
    controllerManager: {
      kubeconfig: path.join(dir, 'kube-controller-manager.kubeconfig'),
      flexVolumeDir: path.join(dir, 'kube-controller-manager', 'volume-plugins'),
      log: log('kube-controller-manager'),
    },
    scheduler: { kubeconfig: path.join(dir, 'kube-scheduler.kubeconfig'), log: log('kube-scheduler') },
    metricsServer: {
      kubeconfig: path.join(dir, 'metrics-server.kubeconfig'),
      certDir: path.join(dir, 'metrics-server'),
      log: log('metrics-server'),
    },
    nodes: Array.from({ length: nodes }, (_, i) => nodeLayout(dir, logsDir, i + 1)),
  };
  const longest = layout.nodes.at(-1)?.containerd.address ?? '';
  if (Buffer.byteLength(`${longest}.ttrpc`) > MAX_SOCKET_PATH_BYTES)
    throw new InvalidArgumentError(
      '--dir',
      `too long: the socket ${longest}.ttrpc would pass the ${MAX_SOCKET_PATH_BYTES}-byte limit of unix sockets`,
    );
  return layout;
}

function nodeLayout(dir: string, logsDir: string, index: number): NodeLayout {
  const nodeDir = path.join(dir, `node-${index}`);
  const inNode = (...parts: string[]) => path.join(nodeDir, ...parts);
  const log = (name: string) => path.join(logsDir, `node-${index}-${name}.log`);
  return {
    index,
    name: nodeAddress(index),
    address: nodeAddress(index),
    dir: nodeDir,
    cgroupRoot: `/${CGROUP_PARENT}/node-${index}`,
    daemon: {
      dir: inNode('slots'),
      listen: inNode('sandboxer.sock'),
      taskListen: inNode('task.sock'),
      log: log('resource-slot'),
    },
    containerd: {
      root: inNode('containerd', 'root'),
      state: inNode('containerd', 'state'),
      address: inNode('containerd.sock'),
      config: inNode('containerd.toml'),
      cniConf: inNode('cni', 'conf'),
      cniBin: inNode('cni', 'bin'),
      opt: inNode('containerd', 'opt'),
      bin: inNode('bin'),
      log: log('containerd'),
    },
    kubelet: {
      rootDir: inNode('kubelet'),
      certDir: inNode('kubelet-pki'),
      config: inNode('kubelet.yaml'),
      kubeconfig: inNode('kubelet.kubeconfig'),
      podLogsDir: inNode('pod-logs'),
      volumePluginDir: inNode('volume-plugins'),
      sysctlDir: inNode('sysctls'),
      log: log('kubelet'),
    },
  };
}

/** Every TCP address a cluster of this layout listens on, with who listens there (for the ports-in-use check). */
export function listenAddresses(layout: ClusterLayout): { owner: string; host: string; port: number }[] {
  const host = CONTROL_PLANE_ADDRESS;
  const p = CONTROL_PLANE_PORTS;
  return [
    { owner: 'etcd (clients)', host, port: p.etcdClient },
    { owner: 'etcd (peers)', host, port: p.etcdPeer },
    { owner: 'kube-apiserver', host, port: p.apiserver },
    { owner: 'kube-controller-manager', host, port: p.controllerManager },
    { owner: 'kube-scheduler', host, port: p.scheduler },
    { owner: 'metrics-server', host, port: p.metricsServer },
    ...layout.nodes.flatMap((node) => [
      { owner: `node ${node.index} kubelet`, host: node.address, port: KUBELET_PORT },
      { owner: `node ${node.index} kubelet healthz`, host: node.address, port: KUBELET_HEALTHZ_PORT },
    ]),
  ];
}
