/**
 * A node's containerd: its config (ResourceSlot as the default runtime and as the `resource-slot` handler), a CNI
 * conflist that makes it report the network ready, and its command. Pure.
 */
import path from 'node:path';
import type { ComponentSpec } from './component.js';
import { containerdConfig } from './containerd-config.js';
import type { NodeLayout } from './layout.js';
import type { Tools } from './tools.js';

export function nodeContainerdConfig(node: NodeLayout): string {
  const { containerd } = node;
  return containerdConfig(
    {
      root: containerd.root,
      state: containerd.state,
      address: containerd.address,
      sandboxer: node.daemon.listen,
      cniConf: containerd.cniConf,
      cniBin: containerd.cniBin,
      opt: containerd.opt,
    },
    { defaultRuntime: true, logLevel: 'info' },
  );
}

/**
 * containerd reports NetworkReady (and the kubelet the node Ready) once it has loaded a network config; the
 * plugin it names is never run, because the cluster's pods use the host's network.
 */
export const CNI_CONFLIST_NAME = '10-resource-slot.conflist';
export function cniConflist(): string {
  return (
    JSON.stringify(
      {
        cniVersion: '1.0.0',
        name: 'resource-slot',
        plugins: [{ type: 'resource-slot-host-network-only' }],
      },
      null,
      2,
    ) + '\n'
  );
}

export function nodeContainerdSpec(node: NodeLayout, tools: Tools, hostPath: string): ComponentSpec {
  const { containerd } = node;
  return {
    name: `node-${node.index}/containerd`,
    node: node.index,
    command: tools.containerd,
    args: ['--config', containerd.config],
    // The shim is a node script that containerd looks up on its PATH: the link's dir and node must be there.
    env: { PATH: [containerd.bin, path.dirname(process.execPath), hostPath].join(':') },
    cwd: node.dir,
    log: containerd.log,
    health: { kind: 'cri', endpoint: `unix://${containerd.address}` },
  };
}
