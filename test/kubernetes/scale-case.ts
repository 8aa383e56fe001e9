/**
 * Scale: one node takes 500 pods (its kubelet's maxPods lets it), all Running; the time to get there and the
 * resident memory of every component before and after are reported (docs/kubernetes.md, Measured). Meanwhile the
 * other pods are deleted, and every sandbox of theirs goes from both nodes' containerd and --dir.
 */
import { parse, stringify } from 'yaml';
import type { Test } from 'tap';
import type { NodeLayout } from '../../src/cluster/layout.js';
import { LOCAL_IMAGE } from '../../src/cluster/control-plane-files.js';
import { exampleDeployment } from '../../src/cluster/manifests.js';
import { waitUntil } from '../../src/cluster/wait.js';
import type { ClusterSession } from './cluster-session.js';
import { nodeViewsAgree } from './node-agreement.js';
import { sandboxesNotOf } from './node-view.js';
import { isReady, listPods } from './pods.js';
import { residentBytes, rssTable } from './rss.js';

export const SCALE_PODS = 500;
const NAME = 'many';

/** Requests small enough for 500 on a 2-core node: the scheduler counts them against its allocatable CPU. */
function manyPods(node: NodeLayout): string {
  const deployment = parse(exampleDeployment(NAME, SCALE_PODS, LOCAL_IMAGE));
  const spec = deployment.spec.template.spec;
  spec.nodeSelector = { 'resource-slot.io/node': `node-${node.index}` };
  spec.containers[0].resources = {
    requests: { cpu: '1m', memory: '4Mi' },
    limits: { cpu: '10m', memory: '16Mi' },
  };
  return stringify(deployment);
}

export async function fiveHundredPodsOnOneNode(
  t: Test,
  session: ClusterSession,
  node: NodeLayout,
  removeOthers: () => Promise<void>,
): Promise<void> {
  const { kubectl } = session;
  const rssBefore = residentBytes(session.state().processes);
  await removeOthers();
  const started = Date.now();
  await kubectl.ok(['apply', '-f', '-'], manyPods(node));
  const many = () => listPods(kubectl, '-l', `app=${NAME}`);
  let last = 0;
  const pods = await waitUntil(
    async () => {
      const listed = await many();
      last = listed.filter(isReady).length;
      return listed.length === SCALE_PODS && last === SCALE_PODS ? listed : undefined;
    },
    {
      timeoutMs: 300_000,
      intervalMs: 2_000,
      describe: () => `only ${last} of ${SCALE_PODS} pods Running and Ready on ${node.name}`,
    },
  );
  const seconds = (Date.now() - started) / 1000;
  const rssAfter = residentBytes(session.state().processes);
  t.ok(
    pods.every((pod) => pod.spec.nodeName === node.name),
    `all ${SCALE_PODS} on ${node.name}`,
  );
  t.comment(`${SCALE_PODS} pods Running and Ready on one node in ${seconds.toFixed(1)} s`);
  t.comment(
    `resident memory before and after, and per added pod:\n${rssTable(rssBefore, rssAfter, SCALE_PODS)}`,
  );

  // The other pods were deleted as these started: nothing of theirs may stay in containerd or in --dir.
  const manyUids = new Set(pods.map((pod) => pod.metadata.uid));
  let left: string[] = [];
  await waitUntil(
    async () => {
      left = await sandboxesNotOf(session, session.layout.nodes, manyUids);
      return left.length === 0 ? true : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 2_000, describe: () => `left behind: ${left.join('; ')}` },
  );
  t.pass('every sandbox of the deleted pods is gone from both containerds and both --dirs');
  await nodeViewsAgree(t, session, node);
}
