/**
 * A node's ResourceSlot daemon, with its task relay (the default): the relay keeps containerd's task connection
 * and its held Waits while the daemon is killed and started again, so a daemon restart on a running node loses no
 * container (docs/containerd.md §5). The daemon starts the relay itself; `up` records it (node-relay.ts). Pure.
 */
import type { ComponentSpec } from './component.js';
import type { NodeLayout } from './layout.js';

const DAEMON_BIN = new URL('../cli/bin/resource-slot-sandboxer.js', import.meta.url).pathname;
export const SHIM_BIN = new URL('../cli/bin/containerd-shim-resource-slot-v1.js', import.meta.url).pathname;
export const SHIM_NAME = 'containerd-shim-resource-slot-v1';

export function nodeDaemonSpec(node: NodeLayout, nodeExecutable: string = process.execPath): ComponentSpec {
  const { daemon } = node;
  return {
    name: `node-${node.index}/resource-slot`,
    node: node.index,
    command: nodeExecutable,
    args: [
      DAEMON_BIN,
      ...['--listen', daemon.listen, '--dir', daemon.dir, '--task-listen', daemon.taskListen],
      ...['--task-relay', 'on'],
      ...['--containerd-address', node.containerd.address],
      ...['--log-level', 'info'],
    ],
    log: daemon.log,
    health: { kind: 'socket', path: daemon.listen },
  };
}
