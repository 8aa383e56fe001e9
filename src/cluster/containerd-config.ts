/**
 * The containerd 2.x config (version 3) that test/containerd and `resource-slot-cluster` run with.
 * docs/containerd.md shows the same settings; everything containerd writes stays under `root`, `state` and the
 * other paths given here.
 */
import { hostPlatform } from '../transport/platform.js';

export interface ContainerdPaths {
  root: string;
  state: string;
  /** containerd's gRPC socket (crictl and ctr talk to it). */
  address: string;
  /** ResourceSlot's Controller socket (`--listen`). */
  sandboxer: string;
  /** Empty dirs for CNI and `/opt/containerd`, so nothing outside the temp dir is read or written. */
  cniConf: string;
  cniBin: string;
  opt: string;
}

export const SANDBOXER = 'resource-slot';
export const RUNTIME_HANDLER = 'resource-slot';
/** containerd resolves this to `containerd-shim-resource-slot-v1` on its PATH (contract 0.10). */
export const RUNTIME_TYPE = 'io.containerd.resource-slot.v1';

/** Plugins that look at host devices, other filesystems or sockets outside the temp dir, none of which we use. */
const DISABLED_PLUGINS = [
  'io.containerd.snapshotter.v1.btrfs',
  'io.containerd.snapshotter.v1.zfs',
  'io.containerd.snapshotter.v1.devmapper',
  'io.containerd.snapshotter.v1.blockfile',
  'io.containerd.snapshotter.v1.erofs',
  'io.containerd.nri.v1.nri',
  'io.containerd.internal.v1.tracing',
  'io.containerd.tracing.processor.v1.otlp',
];

const str = (value: string): string => JSON.stringify(value);

export interface ContainerdOptions {
  /**
   * Make ResourceSlot the runtime of pods that name no RuntimeClass (a kubelet's static pods, any pod of a
   * cluster node), instead of containerd's runc.
   */
  defaultRuntime?: boolean;
  /** containerd's own log level (default `debug`, what the suite prints when a test fails). */
  logLevel?: 'debug' | 'info' | 'warn';
  /**
   * Never give a container an oom_score_adj below containerd's own (CRI's `restrict_oom_score_adj`): needed where
   * containerd may not lower it (no CAP_SYS_RESOURCE, as in some VMs), for runtimes that run processes (runc).
   */
  restrictOomScoreAdj?: boolean;
}

export function containerdConfig(paths: ContainerdPaths, options: ContainerdOptions = {}): string {
  const { os, architecture } = hostPlatform();
  const defaultRuntime = options.defaultRuntime
    ? `
[plugins.'io.containerd.cri.v1.runtime'.containerd]
  default_runtime_name = ${str(RUNTIME_HANDLER)}
`
    : '';
  return `version = 3
root = ${str(paths.root)}
state = ${str(paths.state)}
imports = []
disabled_plugins = [${DISABLED_PLUGINS.map(str).join(', ')}]

[grpc]
  address = ${str(paths.address)}

[ttrpc]
  address = ${str(`${paths.address}.ttrpc`)}

[debug]
  level = ${str(options.logLevel ?? 'debug')}

# ResourceSlot's Controller: the proxy plugin's name is the sandboxer name.
[proxy_plugins.${SANDBOXER}]
  type = "sandbox"
  address = ${str(paths.sandboxer)}

[plugins.'io.containerd.cri.v1.runtime']
  enable_cdi = false
  restrict_oom_score_adj = ${options.restrictOomScoreAdj === true}
  # A pod that is not on the host's network gets a network namespace: its mount point goes under the state dir,
  # not /var/run/netns on the host.
  netns_mounts_under_state_dir = true
${defaultRuntime}
[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.${RUNTIME_HANDLER}]
  runtime_type = ${str(RUNTIME_TYPE)}
  sandboxer = ${str(SANDBOXER)}

[plugins.'io.containerd.cri.v1.runtime'.cni]
  bin_dirs = [${str(paths.cniBin)}]
  conf_dir = ${str(paths.cniConf)}

[plugins.'io.containerd.cri.v1.images']
  snapshotter = "native"

# ctr 2.x imports through the transfer service, which unpacks only for the platforms and snapshotters listed here.
[[plugins.'io.containerd.transfer.v1.local'.unpack_config]]
  platform = ${str(`${os}/${architecture}`)}
  snapshotter = "native"

[plugins.'io.containerd.internal.v1.opt']
  path = ${str(paths.opt)}

[plugins.'io.containerd.grpc.v1.cri']
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
`;
}
