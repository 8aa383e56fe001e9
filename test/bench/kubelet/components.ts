/**
 * The cluster's processes as `up` recorded them, read from /proc at one moment: CPU time so far (its own and its
 * reaped children's) and resident memory, named by component; a node's four processes are the same components on
 * every node.
 */
import type { ClusterState } from '../../../src/cluster/state.js';
import { sampleProcess } from '../containerd/proc.js';

export const CONTROL_PLANE = [
  'etcd',
  'kube-apiserver',
  'kube-scheduler',
  'kube-controller-manager',
  'metrics-server',
] as const;
export const NODE_COMPONENTS = ['kubelet', 'containerd', 'ResourceSlot daemon', 'task relay'] as const;
export type Component = (typeof CONTROL_PLANE)[number] | (typeof NODE_COMPONENTS)[number];

/** How `up` names a node's processes (`node-<i>/<name>`). */
const NODE_RECORD_NAMES: Record<string, (typeof NODE_COMPONENTS)[number]> = {
  kubelet: 'kubelet',
  containerd: 'containerd',
  'resource-slot': 'ResourceSlot daemon',
  'task-relay': 'task relay',
};

export interface ProcessReading {
  component: Component;
  /** Which node's, for a node component. */
  node?: number;
  pid: number;
  cpuSeconds: number;
  rssBytes: number;
}

export interface Snapshot {
  /** performance.now() when it was read, in ms. */
  at: number;
  processes: ProcessReading[];
}

export function componentOf(recordName: string): Component | undefined {
  const slash = recordName.lastIndexOf('/');
  if (slash >= 0) return NODE_RECORD_NAMES[recordName.slice(slash + 1)];
  return (CONTROL_PLANE as readonly string[]).includes(recordName) ? (recordName as Component) : undefined;
}

/** Every recorded process now; one that is gone is an error (a figure must not quietly lose a component). */
export function snapshot(state: ClusterState): Snapshot {
  const at = performance.now();
  const processes = state.processes.map((record): ProcessReading => {
    const component = componentOf(record.name);
    if (!component)
      throw new Error(`the cluster recorded a process the figure does not know: ${record.name}`);
    const sample = sampleProcess(record.pid);
    if (!sample) throw new Error(`${record.name} (pid ${record.pid}) is gone`);
    return {
      component,
      ...(record.node === undefined ? {} : { node: record.node }),
      pid: record.pid,
      cpuSeconds: sample.cpuSeconds,
      rssBytes: sample.rssBytes,
    };
  });
  return { at, processes };
}
