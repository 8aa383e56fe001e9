/**
 * What one node holds, as its containerd (crictl) and its ResourceSlot daemon (--dir) each see it, to compare
 * with the apiserver's pods.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { NodeLayout } from '../../src/cluster/layout.js';
import type { ClusterSession } from './cluster-session.js';

export interface SandboxView {
  id: string;
  podUid: string;
  podName: string;
  ready: boolean;
}

export interface ContainerView {
  id: string;
  podUid: string;
  state: string;
}

/** Each sandbox directory of the daemon's --dir: sandbox.json keeps CRI's pod config and the machine's state. */
export function recordedSandboxes(node: NodeLayout): SandboxView[] {
  const slots = node.daemon.dir;
  return fs
    .readdirSync(slots, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => {
      const sandbox = JSON.parse(fs.readFileSync(path.join(slots, entry.name, 'sandbox.json'), 'utf8'));
      const { metadata } = sandbox.snapshot.context.record.config;
      return {
        id: entry.name,
        podUid: metadata.uid as string,
        podName: metadata.name as string,
        ready: sandbox.snapshot.value === 'running',
      };
    });
}

export async function crictlSandboxes(session: ClusterSession, node: NodeLayout): Promise<SandboxView[]> {
  const { items } = JSON.parse(await session.crictl(node, 'pods', '-o', 'json')) as {
    items: { id: string; metadata: { uid: string; name: string }; state: string }[];
  };
  return items.map((item) => ({
    id: item.id,
    podUid: item.metadata.uid,
    podName: item.metadata.name,
    ready: item.state === 'SANDBOX_READY',
  }));
}

export async function crictlContainers(session: ClusterSession, node: NodeLayout): Promise<ContainerView[]> {
  const { containers } = JSON.parse(await session.crictl(node, 'ps', '-a', '-o', 'json')) as {
    containers: { id: string; state: string; labels: Record<string, string> }[];
  };
  return containers.map((container) => ({
    id: container.id,
    podUid: container.labels['io.kubernetes.pod.uid'] ?? '',
    state: container.state,
  }));
}

export const sortedIds = (sandboxes: SandboxView[]): string[] => sandboxes.map((s) => s.id).sort();
export const readyPodUids = (sandboxes: SandboxView[]): string[] =>
  sandboxes
    .filter((s) => s.ready)
    .map((s) => s.podUid)
    .sort();

/** Every sandbox, in any node's --dir or containerd, of a pod not in `podUids`: "<node> <where>: <pod>". */
export async function sandboxesNotOf(
  session: ClusterSession,
  nodes: NodeLayout[],
  podUids: Set<string>,
): Promise<string[]> {
  const found: string[] = [];
  for (const node of nodes) {
    const views = { '--dir': recordedSandboxes(node), crictl: await crictlSandboxes(session, node) };
    for (const [where, sandboxes] of Object.entries(views))
      for (const sandbox of sandboxes.filter((one) => !podUids.has(one.podUid)))
        found.push(`${node.name} ${where}: ${sandbox.podName}${sandbox.ready ? ' (ready)' : ''}`);
  }
  return found;
}
