/**
 * resource-slot-cluster for real, one 2-node cluster shared by the cases in order: a Deployment spread by the
 * scheduler with `kubectl top`; scripted exits (a Job completing, a crash loop, an OOM kill) and exec probes; each
 * of node 1's processes killed with SIGKILL and restarted; 500 pods on node 2 while everything else is deleted;
 * then down, and the host as it was. Each case names what it checks in its own file.
 */
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { isSameProcess } from '../../src/cluster/process-identity.js';
import type { ProcessRecord } from '../../src/cluster/state.js';
import { clusterSession } from './cluster-session.js';
import { withClusterTools } from './cluster-tools.js';
import { crashLoops, jobCompletes, oomKilled } from './exit-cases.js';
import { hostSnapshot } from './host-snapshot.js';
import { watchPods } from './pod-watch.js';
import { probesRestartOnlyTheUnhealthy } from './probe-cases.js';
import { KILLED_IN_TURN, killAndRestart } from './restart-case.js';
import { fiveHundredPodsOnOneNode, SCALE_PODS } from './scale-case.js';
import { SPREAD, spreadOverBothNodes, topShowsTheDeclaredUsage } from './spread-case.js';
import { WORKLOAD_SELECTOR, workloadManifests } from './workload-pods.js';

const TITLE = 'resource-slot-cluster: a real 2-node cluster, its workloads, restarts and 500 pods';

// About 4 minutes on an idle 2-core machine; the bound leaves room for a loaded one.
t.setTimeout(600_000);

withClusterTools(t, TITLE, () => {
  t.test(TITLE, async (t) => {
    const session = clusterSession(t, 2);
    const before = hostSnapshot(path.dirname(session.dir));
    const { kubectl, layout } = session;
    const [node1, node2] = layout.nodes as [(typeof layout.nodes)[0], (typeof layout.nodes)[0]];
    let processes: ProcessRecord[] = [];

    const up = await session.cli(
      'up',
      '--nodes',
      '2',
      '--pods-per-node',
      String(SCALE_PODS + 20),
      '--dir',
      session.dir,
    );
    t.equal(up.code, 0, `up: ${up.stderr}`);
    if (up.code !== 0) return;
    t.match(up.stdout, new RegExp(`kubeconfig: ${layout.kubeconfig}`));
    t.match(up.stdout, /nodes\s+ready \(2 Ready\)/);
    session.lap(t, 'up');
    processes = session.state().processes;
    t.equal(
      processes.length,
      4 + 4 * 2 + 1,
      'etcd, apiserver, controller-manager, scheduler, 4 per node (with the task relay), metrics-server',
    );
    t.equal((await session.cli('kubeconfig', '--dir', session.dir)).stdout, `${layout.kubeconfig}\n`);
    const status = await session.cli('status', '--dir', session.dir);
    t.equal(status.code, 0, status.stdout);
    t.match(status.stdout, /127\.0\.0\.11\s+True/);

    await t.test('a Deployment spread over both nodes, each --dir holds its pods', (t) =>
      spreadOverBothNodes(t, session),
    );
    session.lap(t, 'Deployment Running and Ready');
    await kubectl.ok(['apply', '-f', '-'], workloadManifests('node-2'));
    const watch = watchPods(kubectl, WORKLOAD_SELECTOR);
    t.teardown(() => watch.stop());
    await t.test('kubectl top pods and nodes', (t) => topShowsTheDeclaredUsage(t, session));
    session.lap(t, 'kubectl top');
    await t.test('a Job whose pod exits 0 after 2 s completes', (t) => jobCompletes(t, session));
    await t.test('a pod that exits 3 reaches CrashLoopBackOff, restarts growing', (t) =>
      crashLoops(t, watch),
    );
    await t.test('memory past the limit: OOMKilled', (t) => oomKilled(t, session));
    await t.test('exec probes: passing ones keep a pod Ready, a failing liveness probe restarts', (t) =>
      probesRestartOnlyTheUnhealthy(t, session),
    );
    await watch.stop();
    session.lap(t, 'workloads');

    for (const killed of KILLED_IN_TURN)
      await t.test(`kill -9 node 1's ${killed}, restart it: the node and its pods carry on`, (t) =>
        killAndRestart(t, session, node1, killed),
      );
    session.lap(t, 'restarts');

    await t.test(`${SCALE_PODS} pods on one node, everything else deleted`, (t) =>
      fiveHundredPodsOnOneNode(t, session, node2, async () => {
        await kubectl.ok(['scale', `deployment/${SPREAD}`, '--replicas=0']);
        await kubectl.ok(['delete', 'job,pods', '-l', WORKLOAD_SELECTOR, '--wait=false']);
        await kubectl.ok(['delete', 'pods', '-l', 'resource-slot-test=restarts', '--wait=false']);
      }),
    );
    session.lap(t, `${SCALE_PODS} pods`);

    processes = session.state().processes;
    const down = await session.cli('down', '--dir', session.dir);
    t.equal(down.code, 0, `down: ${down.stderr}`);
    session.lap(t, 'down');
    t.notOk(fs.existsSync(session.dir), '--dir is gone');
    t.same(
      processes.filter((record) => isSameProcess(record.pid, record.startTime)).map((record) => record.name),
      [],
      'no process of the cluster is left',
    );
    const after = hostSnapshot(path.dirname(session.dir));
    t.same(after.sysctls, before.sysctls, 'sysctls unchanged');
    t.same(after.mountPoints, before.mountPoints, 'mount table unchanged');
    t.same(after.cgroups, before.cgroups, 'no cgroup left');
    t.same(
      after.existingPaths,
      before.existingPaths,
      'no /var/lib/kubelet, /usr/libexec/kubernetes, ~/.kube, ...',
    );
  });
});
