/**
 * One node's processes killed with SIGKILL in turn while its pods run, each started again the way the cluster tool
 * does (`resource-slot-cluster restart`): the node is Ready again and takes a new pod, its pods keep their
 * containers (same ids, same restart counts), and crictl, kubectl and the daemon's --dir agree. The task relay is
 * the exception docs/kubernetes.md explains: its death fails every container's task Wait, containerd reports them
 * exited (255), and the kubelet may restart them before containerd is restarted; the pods and sandboxes stay.
 */
import { stringify } from 'yaml';
import type { Test } from 'tap';
import type { NodeLayout } from '../../src/cluster/layout.js';
import { isSameProcess } from '../../src/cluster/process-identity.js';
import { waitUntil } from '../../src/cluster/wait.js';
import type { ClusterSession } from './cluster-session.js';
import { nodeViewsAgree } from './node-agreement.js';
import { crictlContainers, crictlSandboxes } from './node-view.js';
import { describePods, isReady, listPods, podManifest, type Pod } from './pods.js';

export const KILLED_IN_TURN = ['kubelet', 'containerd', 'resource-slot', 'task-relay'] as const;
type Killed = (typeof KILLED_IN_TURN)[number];

interface Running {
  pod: string;
  uid: string;
  containerId: string;
  restarts: number;
}

const running = (pods: Pod[]): Running[] =>
  pods
    .map((pod) => ({
      pod: pod.metadata.name,
      uid: pod.metadata.uid,
      containerId: pod.status.containerStatuses?.[0]?.containerID?.replace('containerd://', '') ?? '',
      restarts: pod.status.containerStatuses?.[0]?.restartCount ?? -1,
    }))
    .sort((a, b) => a.pod.localeCompare(b.pod));

export async function killAndRestart(
  t: Test,
  session: ClusterSession,
  node: NodeLayout,
  killed: Killed,
): Promise<void> {
  const onNode = () => listPods(session.kubectl, '--field-selector', `spec.nodeName=${node.name}`);
  const before = running(await onNode());
  const sandboxesBefore = (await crictlSandboxes(session, node)).map((s) => s.id).sort();
  t.ok(before.length > 0, `${before.length} pods run on ${node.name}`);

  const name = `node-${node.index}/${killed}`;
  const record = session.state().processes.find((process) => process.name === name);
  if (!record || !isSameProcess(record.pid, record.startTime)) throw new Error(`${name} is not running`);
  process.kill(record.pid, 'SIGKILL');
  await waitUntil(() => (isSameProcess(record.pid, record.startTime) ? undefined : true), {
    timeoutMs: 10_000,
    describe: () => `${name} (pid ${record.pid}) still runs after SIGKILL`,
  });
  const restarted = await session.cli('restart', name, '--dir', session.dir);
  t.equal(restarted.code, 0, `restart ${name}: ${restarted.stderr}${restarted.stdout}`);
  const now = session.state().processes.find((process) => process.name === name);
  t.not(now?.pid, record.pid, `${name} runs again with a new pid (${now?.pid})`);

  await waitUntil(
    async () => {
      const ready = await session.kubectl.run([
        'get',
        'node',
        node.name,
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
      ]);
      return ready.stdout === 'True' ? true : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 500, describe: () => `${node.name} is not Ready again` },
  );
  // A pod started after the restart shows the node works again, and that the kubelet has looked at the runtime
  // since: a container it had seen die would have been restarted by then.
  const marker = `after-${killed}`;
  await session.kubectl.ok(
    ['apply', '-f', '-'],
    stringify(podManifest(marker, `node-${node.index}`, { labels: { 'resource-slot-test': 'restarts' } })),
  );
  await waitUntil(
    async () =>
      (await onNode()).find((pod) => pod.metadata.name === marker && isReady(pod)) ? true : undefined,
    {
      timeoutMs: 120_000,
      intervalMs: 1_000,
      describe: async () => `the pod started after the restart is not Ready: ${describePods(await onNode())}`,
    },
  );

  if (killed === 'task-relay') {
    const after = await waitUntil(
      async () => {
        const pods = await onNode();
        return pods.length === before.length + 1 && pods.every(isReady) ? running(pods) : undefined;
      },
      {
        timeoutMs: 120_000,
        intervalMs: 1_000,
        describe: async () => `pods are not all Ready again: ${describePods(await onNode())}`,
      },
    );
    const kept = after.filter((pod) => before.some((was) => was.uid === pod.uid));
    t.equal(kept.length, before.length, 'every pod is still there (same uid), Ready again');
    t.comment(
      `restart counts after the relay's death (the kubelet restarts what containerd reported exited before its restart): ${kept.map((pod) => pod.restarts).join(', ')}`,
    );
  } else {
    const after = running(await onNode()).filter((pod) => pod.pod !== marker);
    t.same(after, before, 'every pod keeps its container id and restart count');
    const containers = await crictlContainers(session, node);
    const ofBefore = containers.filter((container) => before.some((pod) => pod.uid === container.podUid));
    t.same(
      ofBefore.map((container) => `${container.id} ${container.state}`).sort(),
      before.map((pod) => `${pod.containerId} CONTAINER_RUNNING`).sort(),
      'crictl: the same containers, all running, no other',
    );
  }
  const sandboxesAfter = (await crictlSandboxes(session, node)).map((s) => s.id);
  t.same(
    sandboxesBefore.filter((id) => !sandboxesAfter.includes(id)),
    [],
    'every sandbox is still there',
  );
  await nodeViewsAgree(t, session, node);
}
