/**
 * A node's three views agree: the sandboxes containerd lists are the ones in ResourceSlot's --dir, and the pods
 * with a ready sandbox in each are the pods the apiserver has on that node.
 */
import type { Test } from 'tap';
import type { NodeLayout } from '../../src/cluster/layout.js';
import { waitUntil } from '../../src/cluster/wait.js';
import type { ClusterSession } from './cluster-session.js';
import { crictlSandboxes, readyPodUids, recordedSandboxes, sortedIds } from './node-view.js';
import { listPods } from './pods.js';

export async function nodeViewsAgree(t: Test, session: ClusterSession, node: NodeLayout): Promise<void> {
  let last = '';
  // A pod deleted or started a moment ago may be in one view before the other: agreement is polled.
  await waitUntil(
    async () => {
      const crictl = await crictlSandboxes(session, node);
      const recorded = recordedSandboxes(node);
      const apiUids = (await listPods(session.kubectl, '--field-selector', `spec.nodeName=${node.name}`))
        .filter((pod) => !pod.metadata.deletionTimestamp && pod.status.phase === 'Running')
        .map((pod) => pod.metadata.uid)
        .sort();
      const views = {
        'crictl pods': sortedIds(crictl).join(','),
        '--dir': sortedIds(recorded).join(','),
      };
      const ready = {
        'kubectl get pods': apiUids.join(','),
        'crictl pods (ready)': readyPodUids(crictl).join(','),
        '--dir (running)': readyPodUids(recorded).join(','),
      };
      last = JSON.stringify({ sandboxes: views, podUids: ready }, null, 1);
      return views['crictl pods'] === views['--dir'] && new Set(Object.values(ready)).size === 1
        ? apiUids.length
        : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 1_000, describe: () => `node ${node.name}: the views differ: ${last}` },
  ).then(
    (pods) => t.pass(`crictl pods, kubectl get pods and --dir agree on ${node.name} (${pods} pods)`),
    (error: Error) => t.fail(error.message),
  );
}
