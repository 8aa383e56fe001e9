/**
 * The command lines of a node's three processes, from what `up` recorded: `up` starts them from here and
 * `restart` starts one again the same way. Pure but for the host's CPU and memory.
 */
import os from 'node:os';
import type { ComponentSpec } from './component.js';
import { nodeLabels } from './kubelet-config.js';
import type { NodeLayout } from './layout.js';
import { nodeContainerdSpec } from './node-containerd.js';
import { nodeDaemonSpec } from './node-daemon.js';
import { nodeKubeletSpec } from './node-kubelet.js';
import type { Tools } from './tools.js';

export const NODE_PROCESSES = ['resource-slot', 'containerd', 'kubelet'] as const;
export type NodeProcess = (typeof NODE_PROCESSES)[number];

export interface NodeContext {
  tools: Tools;
  unshare: string;
  /** The host's PATH, which containerd gets after the shim's directory. */
  hostPath: string;
  capacity: { pods: number; cpus: number; memoryBytes: number };
}

export function nodeProcessSpec(kind: NodeProcess, node: NodeLayout, context: NodeContext): ComponentSpec {
  switch (kind) {
    case 'resource-slot':
      return nodeDaemonSpec(node);
    case 'containerd':
      return nodeContainerdSpec(node, context.tools, context.hostPath);
    case 'kubelet':
      return nodeKubeletSpec(node, context.tools, context.unshare, nodeLabels(node, context.capacity));
  }
}

/** What every node takes: its maxPods, and the host's CPUs and memory (what cAdvisor reports). */
export function nodeCapacity(pods: number): NodeContext['capacity'] {
  return { pods, cpus: os.cpus().length, memoryBytes: os.totalmem() };
}
