/**
 * A cluster for one part of the figure: `resource-slot-cluster up`, the body, and `down` whatever happened, also
 * when the benchmark exits mid-way (its processes are not our children, so nothing else would stop them).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultToolsDir } from '../../../src/cluster/args.js';
import { clusterLayout } from '../../../src/cluster/layout.js';
import { runCommand } from '../../../src/cluster/run-command.js';
import { readState, type ClusterState } from '../../../src/cluster/state.js';
import { apiClient, type ApiClient } from './api.js';
import { trackPods, type PodTracker } from './pod-tracker.js';
import { NAMESPACE } from './workload.js';

const CLUSTER_BIN = new URL('../../../src/cli/bin/resource-slot-cluster.js', import.meta.url).pathname;
const UP_TIMEOUT_MS = 300_000;

export interface BenchCluster {
  state: ClusterState;
  api: ApiClient;
  pods: PodTracker;
  /** Seconds `up` took, from the command to every node Ready and the metrics APIService available. */
  upSeconds: number;
}

export async function withCluster<T>(
  nodes: number,
  podsPerNode: number,
  body: (cluster: BenchCluster) => Promise<T>,
): Promise<T> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-bench-cluster-'));
  const dir = path.join(parent, 'c');
  const env = { ...process.env, RESOURCE_SLOT_TOOLS: defaultToolsDir() };
  const downNow = () => {
    try {
      execFileSync(process.execPath, [CLUSTER_BIN, 'down', '--dir', dir], { env, stdio: 'ignore' });
    } catch {
      // what down could not undo it printed itself; nothing more can be done while exiting
    }
  };
  process.once('exit', downNow);
  let pods: PodTracker | undefined;
  let succeeded = false;
  try {
    const started = performance.now();
    const up = await runCommand(
      process.execPath,
      [CLUSTER_BIN, 'up', '--nodes', String(nodes), '--pods-per-node', String(podsPerNode), '--dir', dir],
      { timeoutMs: UP_TIMEOUT_MS, env },
    );
    if (up.code !== 0)
      throw new Error(
        `resource-slot-cluster up exited ${up.code}: ${up.stderr.trim().split('\n').slice(-3).join(' ')}`,
      );
    const upSeconds = (performance.now() - started) / 1000;
    const state = readState(clusterLayout(dir, nodes).stateFile);
    if (!state) throw new Error(`up left no state in ${dir}`);
    const api = apiClient(state);
    pods = await trackPods(api, NAMESPACE);
    const result = await body({ state, api, pods, upSeconds });
    succeeded = true;
    return result;
  } catch (error) {
    throw new Error(`${(error as Error).message} (the cluster's logs are kept in ${dir}/logs)`);
  } finally {
    pods?.stop();
    // After a failure the logs stay, for whoever reads why.
    const keepLogs = succeeded ? [] : ['--keep-logs'];
    const down = await runCommand(process.execPath, [CLUSTER_BIN, 'down', '--dir', dir, ...keepLogs], {
      timeoutMs: 120_000,
      env,
    });
    process.removeListener('exit', downNow);
    // A down that failed may have left something mounted below: then nothing is removed by hand.
    if (down.code === 0 && succeeded) fs.rmSync(parent, { recursive: true, force: true });
    else if (down.code !== 0) {
      const problem = `resource-slot-cluster down --dir ${dir} exited ${down.code}: ${down.stderr.trim()}`;
      // The body's own failure is the one to report; this one is printed beside it.
      if (succeeded) throw new Error(problem);
      process.stderr.write(`${problem}\n`);
    }
  }
}
