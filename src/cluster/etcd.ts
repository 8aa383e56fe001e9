/** etcd for the apiserver: one member on loopback. Pure. */
import type { ComponentSpec } from './component.js';
import { CONTROL_PLANE_ADDRESS, CONTROL_PLANE_PORTS, type ClusterLayout } from './layout.js';
import type { Tools } from './tools.js';

export function etcdUrl(): string {
  return `http://${CONTROL_PLANE_ADDRESS}:${CONTROL_PLANE_PORTS.etcdClient}`;
}

export function etcdSpec(layout: ClusterLayout, tools: Tools): ComponentSpec {
  const client = etcdUrl();
  const peer = `http://${CONTROL_PLANE_ADDRESS}:${CONTROL_PLANE_PORTS.etcdPeer}`;
  return {
    name: 'etcd',
    command: tools.etcd,
    args: [
      ...['--name', 'resource-slot', '--data-dir', layout.etcd.dataDir],
      ...['--listen-client-urls', client, '--advertise-client-urls', client],
      ...['--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer],
      ...['--initial-cluster', `resource-slot=${peer}`, '--initial-cluster-state', 'new'],
      // The cluster is thrown away by `down`: durability across a power loss buys nothing here.
      '--unsafe-no-fsync',
      ...['--log-level', 'warn'],
    ],
    log: layout.etcd.log,
    health: { kind: 'http', url: `${client}/health` },
  };
}
