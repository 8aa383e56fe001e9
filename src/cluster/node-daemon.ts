/**
 * A node's ResourceSlot daemon. The task relay is off: the cluster starts and stops as a whole, so there is no
 * daemon restart for the relay to hold containerd's calls across, and one process per node is one fewer to stop.
 * Pure.
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
      ...['--task-relay', 'off'],
      ...['--containerd-address', node.containerd.address],
      ...['--log-level', 'info'],
    ],
    log: daemon.log,
    health: { kind: 'socket', path: daemon.listen },
  };
}
