/**
 * A Deployment of 20 replicas with requests, limits and KWOK's usage annotations: the real scheduler spreads it
 * over both nodes, every pod is Running and Ready and recorded in its own node's ResourceSlot --dir with the
 * resources the kubelet sent, and `kubectl top` (metrics-server) shows the usage the pods declare.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Test } from 'tap';
import { LOCAL_IMAGE } from '../../src/cluster/control-plane-files.js';
import { exampleDeployment } from '../../src/cluster/manifests.js';
import { waitUntil } from '../../src/cluster/wait.js';
import type { ClusterSession } from './cluster-session.js';
import { recordedSandboxes } from './node-view.js';
import { describePods, isReady, listPods, type Pod } from './pods.js';

export const SPREAD = 'spread';
export const REPLICAS = 20;

export async function spreadOverBothNodes(t: Test, session: ClusterSession): Promise<Pod[]> {
  const { kubectl, layout } = session;
  const deployment = parse(exampleDeployment(SPREAD, REPLICAS, LOCAL_IMAGE));
  deployment.spec.template.metadata.annotations = {
    'kwok.x-k8s.io/usage-cpu': '50m',
    'kwok.x-k8s.io/usage-memory': '20Mi',
  };
  await kubectl.ok(['apply', '-f', '-'], stringify(deployment));
  const spread = () => listPods(kubectl, '-l', `app=${SPREAD}`);
  const running = await waitUntil(
    async () => {
      const listed = await spread();
      return listed.length === REPLICAS && listed.every(isReady) ? listed : undefined;
    },
    {
      describe: async () => `pods: ${describePods(await spread())}`,
      timeoutMs: 120_000,
      intervalMs: 500,
    },
  );
  for (const node of layout.nodes) {
    const onNode = running.filter((pod) => pod.spec.nodeName === node.name).map((pod) => pod.metadata.uid);
    t.ok(onNode.length > 0, `node ${node.name} runs ${onNode.length} pods`);
    const recorded = recordedSandboxes(node);
    t.same(recorded.map((s) => s.podUid).sort(), onNode.sort(), `${node.daemon.dir} holds exactly its pods`);
    for (const sandbox of recorded) {
      const resources = JSON.parse(
        fs.readFileSync(path.join(node.daemon.dir, sandbox.id, 'resources.json'), 'utf8'),
      );
      t.match(resources, { memory_limit: 64 * 2 ** 20 }, `${sandbox.id}: the pod's memory limit`);
    }
  }
  return running;
}

export async function topShowsTheDeclaredUsage(t: Test, session: ClusterSession): Promise<void> {
  const { kubectl } = session;
  const top = await waitUntil(
    async () => {
      const result = await kubectl.run(['top', 'pods', '--no-headers', '-l', `app=${SPREAD}`]);
      const rows = result.stdout
        .split('\n')
        .map((row) => row.trim())
        .filter(Boolean);
      return result.code === 0 && rows.length === REPLICAS ? rows : undefined;
    },
    {
      describe: async () => `kubectl top pods: ${JSON.stringify(await kubectl.run(['top', 'pods']))}`,
      timeoutMs: 90_000,
      intervalMs: 2_000,
    },
  );
  // Working set is usage less inactive file memory, which the model makes 1/20 of usage (docs/workload.md).
  for (const row of top) t.match(row, /^spread-\S+\s+(4[5-9]|5[0-5])m\s+19Mi$/, `usage as declared: ${row}`);
  const topNodes = await kubectl.ok(['top', 'nodes', '--no-headers']);
  t.equal(
    topNodes.trim().split('\n').length,
    session.layout.nodes.length,
    'kubectl top nodes answers for every node',
  );
}
