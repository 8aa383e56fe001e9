/**
 * `restart node-<i>/<process>`: starts one of a node's processes again the way `up` started it, after it died (a
 * crash, a kill -9) or after stopping it by pid if it still runs, and records the new pid. What else runs is left
 * alone, but for the task relay, which belongs to the daemon: a relay's death fails every task Wait containerd
 * had through it, and containerd records those containers as exited while they still run in ResourceSlot, so that
 * it can neither stop nor remove them ("cannot delete running task"). Restarting the relay therefore stops
 * containerd and the daemon and starts them again in boot order (docs/containerd.md §5): the daemon starts a new
 * relay, containerd reloads its tasks and reports those containers as they are, and the kubelet cleans them up.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { launch } from './launch.js';
import { clusterLayout } from './layout.js';
import { relayName, relayRecord } from './node-relay.js';
import { NODE_PROCESSES, nodeCapacity, nodeProcessSpec, type NodeProcess } from './node-specs.js';
import { isSameProcess } from './process-identity.js';
import type { Progress } from './progress.js';
import { writeState, type ProcessRecord } from './state.js';
import { requireState } from './status.js';
import { stopProcess } from './stop-process.js';
import { checkTools, onPath } from './tools.js';
import { waitHealthy } from './wait-healthy.js';

const STOP_GRACE_MS = 15_000;
export const RESTARTABLE = [...NODE_PROCESSES, 'task-relay'] as const;

/** The records of the processes it started, in order (a daemon is followed by its relay). */
export async function restartNodeProcess(
  dir: string,
  name: string,
  progress: Progress,
): Promise<ProcessRecord[]> {
  const state = requireState(dir);
  const layout = clusterLayout(state.dir, state.nodes);
  const [, index, kind] = /^node-(\d+)\/(.+)$/.exec(name) ?? [];
  const node = layout.nodes[Number(index) - 1];
  if (!node || !(RESTARTABLE as readonly string[]).includes(kind ?? ''))
    throw new InvalidArgumentError(
      'process',
      `"${name}" is not a node process of this cluster (node-1..node-${state.nodes} / ${RESTARTABLE.join(', ')})`,
    );
  const ofNode = (process: string) => `node-${node.index}/${process}`;
  const relay = kind === 'task-relay';
  const stopFirst = relay ? [relayName(node), ofNode('containerd'), ofNode('resource-slot')] : [name];
  const startAgain: NodeProcess[] = relay ? ['resource-slot', 'containerd'] : [kind as NodeProcess];
  for (const stopping of stopFirst) {
    const record = state.processes.find((process) => process.name === stopping);
    if (record && isSameProcess(record.pid, record.startTime)) {
      progress(stopping, 'stopping', `pid ${record.pid}`);
      await stopProcess(record, STOP_GRACE_MS);
    }
  }
  const tools = checkTools(state.tools);
  const context = {
    tools,
    unshare: onPath('unshare') ?? 'unshare',
    hostPath: process.env.PATH ?? '/usr/bin:/bin',
    capacity: nodeCapacity(state.podsPerNode),
  };
  const records: ProcessRecord[] = [];
  const record = (one: ProcessRecord) => {
    records.push(one);
    const at = state.processes.findIndex((process) => process.name === one.name);
    if (at === -1) state.processes.push(one);
    else state.processes[at] = one;
    writeState(layout.stateFile, state);
  };
  for (const kind of startAgain) {
    const spec = nodeProcessSpec(kind, node, context);
    progress(spec.name, 'starting');
    const one = launch(spec);
    record(one.record);
    try {
      await waitHealthy(spec, one, tools, progress, new AbortController().signal);
    } finally {
      one.release();
    }
    if (kind === 'resource-slot') record(relayRecord(node));
  }
  return records;
}
