/**
 * `restart node-<i>/<process>`: starts one of a node's processes again the way `up` started it, after it died (a
 * crash, a kill -9) or after stopping it by pid if it still runs, and records the new pid. The task relay belongs
 * to the daemon, which starts it: restarting the relay restarts the daemon, which starts a new relay for a dead
 * one and keeps a live one. What else runs is left alone.
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

/** Returns the records of the processes started (the daemon's and, for a daemon or relay, its relay's). */
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
  const started = kind === 'task-relay' ? 'resource-slot' : (kind as NodeProcess);
  const stopFirst = kind === 'task-relay' ? [relayName(node), `node-${node.index}/resource-slot`] : [name];
  for (const stopping of stopFirst) {
    const record = state.processes.find((process) => process.name === stopping);
    if (record && isSameProcess(record.pid, record.startTime)) {
      progress(stopping, 'stopping', `pid ${record.pid}`);
      await stopProcess(record, STOP_GRACE_MS);
    }
  }
  const tools = checkTools(state.tools);
  const spec = nodeProcessSpec(started, node, {
    tools,
    unshare: onPath('unshare') ?? 'unshare',
    hostPath: process.env.PATH ?? '/usr/bin:/bin',
    capacity: nodeCapacity(state.podsPerNode),
  });
  progress(spec.name, 'starting');
  const one = launch(spec);
  const records = [one.record];
  try {
    await waitHealthy(spec, one, tools, progress, new AbortController().signal);
    if (started === 'resource-slot') records.push(relayRecord(node));
  } finally {
    one.release();
    for (const record of records) {
      const at = state.processes.findIndex((process) => process.name === record.name);
      if (at === -1) state.processes.push(record);
      else state.processes[at] = record;
    }
    writeState(layout.stateFile, state);
  }
  return records;
}
