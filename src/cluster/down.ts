/**
 * `down`: stops every recorded process by pid (the kubelets before the containerds they talk to, each kind in
 * parallel), removes the cgroups `up` made and everything the kubelets made below them, then the files of the
 * layout and `--dir` itself if `up` made it. What could not be undone is reported, not hidden.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InternalError } from '../core/errors.js';
import { removeCgroups } from './cgroups.js';
import { clusterLayout, type ClusterLayout } from './layout.js';
import type { Progress } from './progress.js';
import { readState, type ClusterState, type ProcessRecord } from './state.js';
import { stopProcess } from './stop-process.js';

/** containerd and the kubelet stop in well under a second; etcd and the apiserver take a few. */
const STOP_GRACE_MS = 15_000;

export interface DownOptions {
  keepLogs: boolean;
}

/** Returns false when there was no cluster in `dir`. */
export async function clusterDown(dir: string, options: DownOptions, progress: Progress): Promise<boolean> {
  const state = readState(clusterLayout(dir, 1).stateFile);
  if (!state) return false;
  await tearDown(state, options, progress);
  return true;
}

export async function tearDown(state: ClusterState, options: DownOptions, progress: Progress): Promise<void> {
  const layout = clusterLayout(state.dir, state.nodes);
  const problems: string[] = [];
  for (const group of stopGroups(state.processes)) {
    await Promise.all(
      group.map(async (record) => {
        progress(record.name, 'stopping', `pid ${record.pid}`);
        const outcome = await stopProcess(record, STOP_GRACE_MS);
        if (outcome === 'still running') problems.push(`${record.name} (pid ${record.pid}) did not exit`);
        progress(
          record.name,
          outcome === 'killed' ? 'stopped' : outcome,
          outcome === 'killed' ? 'SIGKILL' : undefined,
        );
      }),
    );
  }
  const cgroupProblems = removeCgroups(state.cgroups);
  problems.push(...cgroupProblems);
  progress(
    'cgroups',
    cgroupProblems.length === 0 ? 'removed' : 'failed',
    `${state.cgroups.length} made by up`,
  );
  const mounted = mountsUnder(state.dir);
  if (mounted.length > 0) problems.push(`still mounted under ${state.dir}: ${mounted.join(', ')}`);
  else removeFiles(layout, state, options);
  progress(
    'files',
    mounted.length === 0 ? 'removed' : 'failed',
    options.keepLogs ? `logs kept in ${layout.logsDir}` : state.dir,
  );
  if (problems.length > 0) throw new InternalError(`down left things behind: ${problems.join('; ')}`);
}

/** Reverse start order; consecutive processes of one kind (every node's kubelet, say) stop together. */
export function stopGroups(processes: ProcessRecord[]): ProcessRecord[][] {
  const kind = (record: ProcessRecord) => record.name.split('/').at(-1);
  const groups: ProcessRecord[][] = [];
  for (const record of [...processes].reverse()) {
    const last = groups.at(-1);
    if (last && kind(last[0]!) === kind(record)) last.push(record);
    else groups.push([record]);
  }
  return groups;
}

/** Mount points at or below `dir` in this (the host's) mount namespace; the kubelets' mounts are not here. */
function mountsUnder(dir: string): string[] {
  const mountinfo = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  return mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter(
      (point): point is string => point !== undefined && (point === dir || point.startsWith(`${dir}/`)),
    );
}

function removeFiles(layout: ClusterLayout, state: ClusterState, options: DownOptions): void {
  const ours = [
    layout.pki,
    layout.manifests,
    layout.image,
    layout.etcd.dataDir,
    layout.kubeconfig,
    layout.kubectlCache,
    layout.controllerManager.kubeconfig,
    path.dirname(layout.controllerManager.flexVolumeDir),
    layout.scheduler.kubeconfig,
    layout.metricsServer.kubeconfig,
    layout.metricsServer.certDir,
    ...layout.nodes.map((node) => node.dir),
    ...(options.keepLogs ? [] : [layout.logsDir]),
    layout.stateFile,
  ];
  for (const file of ours) fs.rmSync(file, { recursive: true, force: true });
  if (state.createdDir && !options.keepLogs) {
    try {
      fs.rmdirSync(state.dir);
    } catch {
      // something else was put there since: it stays
    }
  }
}
