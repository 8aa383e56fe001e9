import path from 'node:path';
import t from 'tap';
import { Status } from '../../src/generated/containerd/types/task/task.js';
import { readJson, startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig, status } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';

/** Scripted exits over gRPC against the real daemon: the container ends by itself, as its pod's annotations say. */
const daemon = await startDaemon(t);
const api = controllerCalls(daemon.controller);

async function podWith(id: string, annotations: Record<string, string>) {
  const config = podConfig({}, id);
  config.annotations = { ...config.annotations, ...annotations };
  return api.create(createRequest(id, config));
}

t.test('exit-after 300ms with code 3: Wait answers 3 at the due time; stopped on disk', async (t) => {
  await podWith('job-pod', { 'resource-slot.io/exit-after': '300ms', 'resource-slot.io/exit-code': '3' });
  const client = taskClient((await api.start('job-pod')).address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  await tasks.create('job', writeBundle(daemon.tmp, 'job', 'job-pod'));
  const waited = tasks.wait('job');
  await tasks.start('job');
  const exit = await waited;
  t.equal(exit.exitStatus, 3, 'the scripted exit status');
  const state = await tasks.state('job');
  t.equal(state.status, Status.STOPPED, 'State: STOPPED');
  const file = readJson(path.join(daemon.dir, 'job-pod', 'containers', 'job.json')) as {
    state: string;
    snapshot: { context: { startedAt: number; exitedAt: number } };
  };
  t.equal(file.state, 'stopped', 'stopped on disk');
  const { startedAt, exitedAt } = file.snapshot.context;
  t.equal(exitedAt - startedAt, 300, 'exited_at is exactly the start plus the script');
});

t.test("exec'd processes exit with the scripted code: a probe that fails", async (t) => {
  await podWith('probe-pod', {
    'resource-slot.io/exec-exit-code': '1',
    'resource-slot.io/exec-exit-from': '0',
  });
  const client = taskClient((await api.start('probe-pod')).address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  await tasks.create('web', writeBundle(daemon.tmp, 'web', 'probe-pod'));
  await tasks.start('web');
  await tasks.exec('web', 'probe-1');
  await tasks.start('web', 'probe-1');
  t.equal((await tasks.wait('web', 'probe-1')).exitStatus, 1, 'the probe exits 1');
  t.equal((await tasks.state('web')).status, Status.RUNNING, 'the container runs on');
});

t.test('exit-on-starts 2: the second container of a name fails at once, the first ran on', async (t) => {
  await podWith('restarts-pod', { 'resource-slot.io/exit-on-starts': '2' });
  const client = taskClient((await api.start('restarts-pod')).address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  await tasks.create('run-1', writeBundle(daemon.tmp, 'run-1', 'restarts-pod', {}, 'app'));
  await tasks.start('run-1');
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.equal((await tasks.state('run-1')).status, Status.RUNNING, 'run 1 runs on');
  await tasks.kill('run-1', 9);
  await tasks.wait('run-1');
  await tasks.delete('run-1');
  await tasks.create('run-2', writeBundle(daemon.tmp, 'run-2', 'restarts-pod', {}, 'app'));
  const waited = tasks.wait('run-2');
  await tasks.start('run-2');
  t.equal((await waited).exitStatus, 1, 'run 2 exits 1 (the default code of a failing start)');
  const file = readJson(path.join(daemon.dir, 'restarts-pod', 'containers', 'run-2.json')) as {
    snapshot: { context: { record: { run: number } } };
  };
  t.equal(file.snapshot.context.record.run, 2, 'its record says run 2');
});

t.test('a bad exit annotation: Create answers INVALID_ARGUMENT naming the key', async (t) => {
  const answer = await podWith('bad-exit', { 'resource-slot.io/exit-code': '300' }).catch(
    (error: { code: number; details: string }) => error,
  );
  t.equal((answer as { code: number }).code, status.INVALID_ARGUMENT);
  t.match((answer as { details: string }).details, /resource-slot\.io\/exit-code/);
});

/** Starts container `id` of a new pod with these annotations and a 64Mi memory limit; its exit and run time. */
async function runLimited(id: string, annotations: Record<string, string>) {
  const pod = `${id}-pod`;
  await podWith(pod, annotations);
  const client = taskClient((await api.start(pod)).address);
  try {
    const tasks = taskCalls(client);
    await tasks.create(id, writeBundle(daemon.tmp, id, pod, { memory: { limit: 64 * 1024 * 1024 } }));
    const waited = tasks.wait(id);
    await tasks.start(id);
    const exit = await waited;
    const file = readJson(path.join(daemon.dir, pod, 'containers', `${id}.json`)) as {
      snapshot: { context: { startedAt: number; exitedAt: number } };
    };
    const { startedAt, exitedAt } = file.snapshot.context;
    return { exitStatus: exit.exitStatus, ranMs: exitedAt - startedAt };
  } finally {
    client.close();
  }
}

const LEAK = { 'resource-slot.io/usage-memory': 'linear(from=10Mi, perSecond=40Mi)' };

t.test(
  'memory demand over the limit: OOM-killed with 137 when it crosses, before a later script',
  async (t) => {
    const oom = await runLimited('leak', { ...LEAK, 'resource-slot.io/exit-after': '5s' });
    t.equal(oom.exitStatus, 137, 'Wait answers 137');
    t.equal(oom.ranMs, 1350, 'exited_at is the start plus (64Mi − 10Mi) / 40Mi/s');
    const scripted = await runLimited('early', { ...LEAK, 'resource-slot.io/exit-after': '500ms' });
    t.same(scripted, { exitStatus: 0, ranMs: 500 }, 'an earlier scripted exit wins');
  },
);
