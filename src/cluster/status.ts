/**
 * `status`: each recorded process (alive, health endpoint answering) and each node (Ready as the apiserver says,
 * sandboxes in its ResourceSlot --dir). Healthy means every process is alive and answers and every node is Ready.
 */
import fs from 'node:fs';
import { NotFoundError } from '../core/errors.js';
import { CLUSTER_PROGRAM } from './args.js';
import { probe } from './health.js';
import { kubectlFor } from './kubectl.js';
import { clusterLayout } from './layout.js';
import { isSameProcess } from './process-identity.js';
import { nodesReady } from './readiness.js';
import { readState, type ClusterState } from './state.js';
import { toolPaths } from './tools.js';

export interface ComponentStatus {
  name: string;
  pid: number;
  alive: boolean;
  /** undefined when healthy, else why not. */
  health: string | undefined;
}

export interface NodeStatus {
  name: string;
  /** The Ready condition: True, False, Unknown, or 'not registered'. */
  ready: string;
  sandboxes: number;
}

export interface ClusterStatus {
  dir: string;
  kubeconfig: string;
  components: ComponentStatus[];
  nodes: NodeStatus[];
  healthy: boolean;
}

export function requireState(dir: string): ClusterState {
  const state = readState(clusterLayout(dir, 1).stateFile);
  if (!state)
    throw new NotFoundError(`no cluster in ${dir} (start one with \`${CLUSTER_PROGRAM} up --dir ${dir}\`)`);
  return state;
}

export async function clusterStatus(dir: string): Promise<ClusterStatus> {
  const state = requireState(dir);
  const tools = toolPaths(state.tools);
  const layout = clusterLayout(state.dir, state.nodes);
  const components = await Promise.all(
    state.processes.map(async (record): Promise<ComponentStatus> => {
      const alive = isSameProcess(record.pid, record.startTime);
      return {
        name: record.name,
        pid: record.pid,
        alive,
        health: alive ? await probe(record.health, tools.crictl) : 'not running',
      };
    }),
  );
  const listed = await kubectlFor(tools.kubectl, state.kubeconfig, layout.kubectlCache).run([
    'get',
    'nodes',
    '-o',
    'json',
  ]);
  const ready = listed.code === 0 ? nodesReady(listed.stdout) : new Map<string, string>();
  const nodes = layout.nodes.map((node) => ({
    name: node.name,
    ready: ready.get(node.name) ?? (listed.code === 0 ? 'not registered' : 'apiserver does not answer'),
    sandboxes: countSandboxes(node.daemon.dir),
  }));
  const healthy =
    components.every((component) => component.health === undefined) &&
    nodes.every((node) => node.ready === 'True');
  return { dir: state.dir, kubeconfig: state.kubeconfig, components, nodes, healthy };
}

/** A sandbox is a directory in the daemon's --dir (README, "Where files go"). */
function countSandboxes(dir: string): number {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).length;
  } catch {
    return 0;
  }
}

export function formatStatus(status: ClusterStatus): string {
  const rows = [
    ['COMPONENT', 'PID', 'PROCESS', 'HEALTH'],
    ...status.components.map((c) => [c.name, String(c.pid), c.alive ? 'alive' : 'gone', c.health ?? 'ok']),
  ];
  const nodeRows = [
    ['NODE', 'READY', 'SANDBOXES'],
    ...status.nodes.map((n) => [n.name, n.ready, String(n.sandboxes)]),
  ];
  return [
    table(rows),
    '',
    table(nodeRows),
    '',
    `kubeconfig: ${status.kubeconfig}`,
    `cluster: ${status.healthy ? 'healthy' : 'NOT healthy'}`,
    '',
  ].join('\n');
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
