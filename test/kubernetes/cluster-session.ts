/**
 * One real cluster for a whole test file: `up` once, the cases share it in sequence, `down` by the last case or,
 * after a failure, by the teardown (by pid, as the tool does), and the temp dir removed either way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { kubectlFor, type Kubectl } from '../../src/cluster/kubectl.js';
import { clusterLayout, type ClusterLayout, type NodeLayout } from '../../src/cluster/layout.js';
import { runCommand, runOk, type CommandResult } from '../../src/cluster/run-command.js';
import { readState, type ClusterState } from '../../src/cluster/state.js';
import { TOOLS_DIR } from './cluster-tools.js';

const CLUSTER_BIN = new URL('../../src/cli/bin/resource-slot-cluster.js', import.meta.url).pathname;
const CRICTL = path.join(TOOLS_DIR, 'bin', 'crictl');

export interface ClusterSession {
  dir: string;
  layout: ClusterLayout;
  kubectl: Kubectl;
  /** resource-slot-cluster with these arguments. */
  cli(...args: string[]): Promise<CommandResult>;
  /** crictl against a node's containerd: its stdout, or an Error with its stderr. */
  crictl(node: NodeLayout, ...args: string[]): Promise<string>;
  state(): ClusterState;
  /** Seconds since the session started, for the lap comments. */
  lap(t: Test, what: string): void;
}

export function clusterSession(t: Test, nodes: number): ClusterSession {
  const started = Date.now();
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-cluster-'));
  const dir = path.join(parent, 'c');
  const layout = clusterLayout(dir, nodes);
  const cli = (...args: string[]) =>
    runCommand(process.execPath, [CLUSTER_BIN, ...args], {
      timeoutMs: 240_000,
      env: { ...process.env, RESOURCE_SLOT_TOOLS: TOOLS_DIR },
    });
  t.teardown(async () => {
    if (fs.existsSync(layout.stateFile)) {
      if (!t.passing()) t.comment(`logs: ${fs.readdirSync(layout.logsDir).join(', ')}`);
      await cli('down', '--dir', dir);
    }
    fs.rmSync(parent, { recursive: true, force: true });
  });
  return {
    dir,
    layout,
    kubectl: kubectlFor(path.join(TOOLS_DIR, 'bin', 'kubectl'), layout.kubeconfig, layout.kubectlCache),
    cli,
    crictl: (node, ...args) =>
      runOk(
        CRICTL,
        ['--runtime-endpoint', `unix://${node.containerd.address}`, '--timeout', '20s', ...args],
        {
          timeoutMs: 30_000,
        },
      ),
    state: () => readState(layout.stateFile)!,
    lap: (t, what) => t.comment(`${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`),
  };
}
