import path from 'node:path';
import t from 'tap';
import { Status } from '../../src/generated/containerd/types/task/task.js';
import { readJson, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';

/**
 * Pod-level OOM kills over gRPC against the real daemon (docs/workload.md, "Pod-level OOM kills"): the pod's
 * containers' memory demands, added up, go above the pod's limit, and the bigger container exits 137.
 */
const Mi = 1024 * 1024;

/** A started pod with `podLimit` in its PodSandboxConfig (as kubelet sends it) and these usage annotations. */
async function startPod(daemon: TestDaemon, id: string, podLimit: number, usage: Record<string, string>) {
  const api = controllerCalls(daemon.controller);
  const config = podConfig({ memoryLimitInBytes: podLimit }, id);
  config.annotations = { ...config.annotations, ...usage };
  await api.create(createRequest(id, config));
  const client = taskClient((await api.start(id)).address);
  return { client, tasks: taskCalls(client) };
}

/** Creates and starts container `name` of `pod` with this memory limit (null: none). */
async function startContainer(
  daemon: TestDaemon,
  tasks: ReturnType<typeof taskCalls>,
  pod: string,
  name: string,
  limit: number | null,
) {
  await tasks.create(name, writeBundle(daemon.tmp, name, pod, limit === null ? {} : { memory: { limit } }));
  await tasks.start(name);
}

function runTimes(daemon: TestDaemon, pod: string, name: string) {
  const file = readJson(path.join(daemon.dir, pod, 'containers', `${name}.json`)) as {
    snapshot: { context: { startedAt: number; exitedAt: number | null } };
  };
  return file.snapshot.context;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** big: 20Mi + 50Mi/s up to 70Mi; small: 40Mi. Together above 100Mi 800 ms after big starts. */
const USAGE = {
  'resource-slot.io/usage-memory.big': 'linear(from=20Mi, perSecond=50Mi, max=70Mi)',
  'resource-slot.io/usage-memory.small': '40Mi',
};

t.test('a pod limit below the sum: the bigger container exits 137 when the sum crosses it', async (t) => {
  const daemon = await startDaemon(t);
  // kubelet with pod-level resources: each container without a limit of its own gets the pod's, 100Mi.
  const { client, tasks } = await startPod(daemon, 'pod-a', 100 * Mi, USAGE);
  t.teardown(() => client.close());
  await startContainer(daemon, tasks, 'pod-a', 'small', 100 * Mi);
  await tasks.create('big', writeBundle(daemon.tmp, 'big', 'pod-a', { memory: { limit: 100 * Mi } }));
  const waited = tasks.wait('big');
  await tasks.start('big');
  t.equal((await waited).exitStatus, 137, 'Wait answers 137 for the bigger one');
  const { startedAt, exitedAt } = runTimes(daemon, 'pod-a', 'big');
  const ran = (exitedAt ?? 0) - startedAt;
  t.ok(Math.abs(ran - 800) <= 1, `exited_at is its start + 800 ms (${ran} ms)`);
  await settle(300);
  t.equal((await tasks.state('small')).status, Status.RUNNING, 'the smaller one keeps running');
  t.match(daemon.logs(), /its pod's memory demand went above the pod's limit/, 'logged as a pod OOM kill');
});

t.test('the survivors are scanned again after a kill: the next crossing kills the next one', async (t) => {
  const daemon = await startDaemon(t);
  // small 40Mi; grower 10Mi, 70Mi from 1.5 s; big 20Mi + 50Mi/s. All three pass 100Mi 0.6 s after big starts (big
  // goes); small and grower pass it again when grower steps up (grower goes).
  const usage = { ...USAGE, 'resource-slot.io/usage-memory.grower': 'steps(0s=10Mi, 1500ms=70Mi)' };
  const { client, tasks } = await startPod(daemon, 'pod-d', 100 * Mi, usage);
  t.teardown(() => client.close());
  await startContainer(daemon, tasks, 'pod-d', 'small', 100 * Mi);
  for (const name of ['grower', 'big'])
    await tasks.create(name, writeBundle(daemon.tmp, name, 'pod-d', { memory: { limit: 100 * Mi } }));
  const waits = [tasks.wait('grower'), tasks.wait('big')];
  await tasks.start('grower');
  await tasks.start('big');
  const [grower, big] = await Promise.all(waits);
  t.same([big?.exitStatus, grower?.exitStatus], [137, 137], 'both exit 137');
  const ranOf = (name: string) => {
    const { startedAt, exitedAt } = runTimes(daemon, 'pod-d', name);
    return (exitedAt ?? 0) - startedAt;
  };
  t.ok(Math.abs(ranOf('big') - 600) <= 1, `big first, 600 ms after its start (${ranOf('big')} ms)`);
  t.ok(Math.abs(ranOf('grower') - 1_500) <= 1, `grower at its step (${ranOf('grower')} ms)`);
  t.equal((await tasks.state('small')).status, Status.RUNNING, 'small alone is under the limit');
});

t.test("kubelet's partial sum beside an unlimited container kills nothing", async (t) => {
  const daemon = await startDaemon(t);
  // 40Mi + 40Mi is above the 64Mi kubelet summed from the one limit declared, but no cgroup enforces that sum.
  const usage = { 'resource-slot.io/usage-memory': '40Mi' };
  const { client, tasks } = await startPod(daemon, 'pod-b', 64 * Mi, usage);
  t.teardown(() => client.close());
  await startContainer(daemon, tasks, 'pod-b', 'limited', 64 * Mi);
  await startContainer(daemon, tasks, 'pod-b', 'unlimited', null);
  await settle(300);
  t.equal((await tasks.state('limited')).status, Status.RUNNING);
  t.equal((await tasks.state('unlimited')).status, Status.RUNNING);
});

t.test('due while the daemon was down: killed at recovery, exited_at the time it was due', async (t) => {
  const first = await startDaemon(t);
  const slow = {
    ...USAGE,
    'resource-slot.io/usage-memory.big': 'linear(from=20Mi, perSecond=20Mi, max=70Mi)',
  };
  const started = await startPod(first, 'pod-c', 100 * Mi, slow);
  await startContainer(first, started.tasks, 'pod-c', 'small', 100 * Mi);
  await startContainer(first, started.tasks, 'pod-c', 'big', 100 * Mi);
  started.client.close();
  t.equal(await first.stop('SIGTERM'), 0, 'stopped before the kill, due 2 s after big started');
  await settle(2_500);

  const daemon = await startDaemon(t, [], first.tmp);
  const api = controllerCalls(daemon.controller);
  const client = taskClient((await api.status('pod-c')).address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  t.equal((await tasks.wait('big')).exitStatus, 137, 'the bigger one exits 137 at recovery');
  const { startedAt, exitedAt } = runTimes(daemon, 'pod-c', 'big');
  const ran = (exitedAt ?? 0) - startedAt;
  t.ok(Math.abs(ran - 2_000) <= 1, `exited_at is the due time, not the restart (${ran} ms after start)`);
  t.equal((await tasks.state('small')).status, Status.RUNNING, 'the smaller one keeps running');
});
