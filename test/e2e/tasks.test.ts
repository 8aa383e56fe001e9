import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { Sandbox } from '../../src/generated/containerd/types/sandbox.js';
import { Status } from '../../src/generated/containerd/types/task/task.js';
import { codeOf, readJson, startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, status } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';

type Teardown = Parameters<typeof startDaemon>[0];

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

async function runningSandbox(t: Teardown, id: string, tmp?: string) {
  const daemon = await startDaemon(t, [], tmp);
  const api = controllerCalls(daemon.controller);
  await api.create(createRequest(id));
  const started = await api.start(id);
  const client = taskClient(started.address);
  t.teardown(() => client.close());
  return { daemon, api, tasks: taskCalls(client), started };
}

t.test('Start returns a bare grpc+ task address and version 3', async (t) => {
  const { daemon, started } = await runningSandbox(t, 'pod-addr');
  t.equal(started.address, `grpc+${path.join(daemon.dir, 'task.sock')}`);
  t.equal(started.version, 3);
});

t.test('crictl start / stop / rm: the call sequences containerd sends', async (t) => {
  const { daemon, api, tasks } = await runningSandbox(t, 'pod-1');
  const bundle = writeBundle(daemon.tmp, 'ctr-1', 'pod-1', {
    memory: { limit: 268435456 },
    cpu: { quota: 50000, period: 100000 },
  });
  const created = await tasks.create('ctr-1', bundle);
  t.ok(created.pid > 0, 'Create returns the init pid');
  const connected = await tasks.connect('ctr-1');
  t.equal(connected.taskPid, created.pid);
  t.ok(connected.shimPid > 0);
  let exited = false;
  const wait = tasks.wait('ctr-1').then((response) => ((exited = true), response));
  const started = await tasks.start('ctr-1');
  t.equal(started.pid, created.pid);
  const running = await tasks.state('ctr-1');
  t.equal(running.status, Status.RUNNING);
  t.equal(running.bundle, bundle);
  t.same(
    (await tasks.pids('ctr-1')).processes.map((process) => process.pid),
    [created.pid],
    'Pids lists the live task',
  );
  const file = path.join(daemon.dir, 'pod-1', 'containers', 'ctr-1.json');
  const record = readJson(file) as { state: string; resources: { memory_limit: number; cpu_limit: number } };
  t.equal(record.state, 'running');
  t.equal(record.resources.memory_limit, 268435456);
  t.equal(record.resources.cpu_limit, 0.5);
  const pod = readJson(path.join(daemon.dir, 'pod-1', 'resources.json')) as {
    containers: Array<{ container_id: string }>;
  };
  t.same(
    pod.containers.map((container) => container.container_id),
    ['ctr-1'],
    'resources.json lists the container',
  );

  await settle();
  t.equal(exited, false, 'Wait blocks while the task runs');
  await tasks.kill('ctr-1', 15);
  const exit = await wait;
  t.equal(exit.exitStatus, 143, 'Kill(SIGTERM) exits 128+15');
  t.equal(await codeOf(tasks.kill('ctr-1', 9)), status.NOT_FOUND, 'a second Kill: process already finished');
  const stopped = await tasks.state('ctr-1');
  t.equal(stopped.status, Status.STOPPED);
  t.equal(stopped.exitStatus, 143);
  t.same((await tasks.pids('ctr-1')).processes, []);
  const deleted = await tasks.delete('ctr-1');
  t.equal(deleted.exitStatus, 143);
  t.equal(deleted.pid, created.pid);
  t.ok(deleted.exitedAt);
  await tasks.shutdown('ctr-1');
  t.notOk(fs.existsSync(file), 'the container file is gone');
  t.equal(await codeOf(tasks.state('ctr-1')), status.NOT_FOUND);
  t.equal(
    (await api.status('pod-1')).state,
    'SANDBOX_READY',
    'task Shutdown leaves the server and sandbox alone',
  );
});

t.test('crictl exec, and update of the recorded resources', async (t) => {
  const { daemon, tasks } = await runningSandbox(t, 'pod-2');
  await tasks.create('ctr-2', writeBundle(daemon.tmp, 'ctr-2', 'pod-2'));
  await tasks.start('ctr-2');
  await tasks.exec('ctr-2', 'exec-1');
  const started = await tasks.start('ctr-2', 'exec-1');
  t.ok(started.pid > 0);
  t.equal((await tasks.wait('ctr-2', 'exec-1')).exitStatus, 0, 'the exec finishes at once with 0');
  t.equal((await tasks.state('ctr-2', 'exec-1')).status, Status.STOPPED);
  await tasks.delete('ctr-2', 'exec-1');
  t.equal(await codeOf(tasks.state('ctr-2', 'exec-1')), status.NOT_FOUND);
  await tasks.pause('ctr-2');
  t.equal((await tasks.state('ctr-2')).status, Status.PAUSED, 'Pause moves the task to PAUSED');
  t.equal(
    await codeOf(tasks.pause('ctr-2')),
    status.FAILED_PRECONDITION,
    'Pause of a paused task is refused',
  );
  await tasks.resume('ctr-2');
  t.equal((await tasks.state('ctr-2')).status, Status.RUNNING, 'Resume moves it back');
  await tasks.update('ctr-2', { memory: { limit: 536870912 } });
  const record = readJson(path.join(daemon.dir, 'pod-2', 'containers', 'ctr-2.json')) as {
    resources: { memory_limit: number };
  };
  t.equal(record.resources.memory_limit, 536870912, 'Update records the new limit');
});

t.test('the sandbox owns its containers', async (t) => {
  const { daemon, api, tasks } = await runningSandbox(t, 'pod-3');
  await tasks.create('ctr-3', writeBundle(daemon.tmp, 'ctr-3', 'pod-3'));
  await tasks.start('ctr-3');
  const wait = tasks.wait('ctr-3');
  await api.stop('pod-3');
  t.equal((await wait).exitStatus, 137, 'stopping the sandbox stops its containers with 137');
  const refused = await tasks
    .create('ctr-4', writeBundle(daemon.tmp, 'ctr-4', 'pod-3'))
    .catch((error: unknown) => error);
  t.equal(
    (refused as { code: number }).code,
    status.FAILED_PRECONDITION,
    'no container in a stopped sandbox',
  );
  await api.shutdown('pod-3');
  t.equal(await codeOf(tasks.state('ctr-3')), status.NOT_FOUND, 'Shutdown deletes the containers');
  t.notOk(fs.existsSync(path.join(daemon.dir, 'pod-3')));
});

t.test('malformed task input is rejected and nothing changes', async (t) => {
  const { daemon, tasks } = await runningSandbox(t, 'pod-5');
  const empty = path.join(daemon.tmp, 'empty-bundle');
  fs.mkdirSync(empty);
  const missing = await tasks.create('ctr-5', empty).catch((error: unknown) => error);
  t.equal((missing as { code: number }).code, status.INVALID_ARGUMENT);
  t.match((missing as { details: string }).details, /config\.json/);
  t.equal(
    await codeOf(tasks.create('../evil', writeBundle(daemon.tmp, 'x', 'pod-5'))),
    status.INVALID_ARGUMENT,
  );
  t.equal(
    await codeOf(tasks.create('ctr-6', writeBundle(daemon.tmp, 'ctr-6', 'no-such-pod'))),
    status.NOT_FOUND,
  );
  t.notOk(fs.existsSync(path.join(daemon.dir, 'pod-5', 'containers')), 'no container file was written');
});

t.test(
  'after a daemon restart: same sandbox, same tasks, Wait blocks again (containerd restart sequence)',
  async (t) => {
    const first = await runningSandbox(t, 'pod-r');
    const tmp = first.daemon.tmp;
    await first.tasks.create('ctr-r', writeBundle(tmp, 'ctr-r', 'pod-r'));
    const { pid } = await first.tasks.start('ctr-r');
    const before = await first.api.status('pod-r');
    t.equal(await first.daemon.stop('SIGTERM'), 0);

    const daemon = await startDaemon(t, [], tmp);
    t.match(daemon.logs(), /Recovered 1 sandboxes, 1 containers, 0 quarantined/);
    const api = controllerCalls(daemon.controller);
    const after = await api.status('pod-r');
    t.same(
      { state: after.state, pid: after.pid, address: after.address, version: after.version },
      { state: before.state, pid: before.pid, address: before.address, version: before.version },
    );
    const client = taskClient(after.address);
    t.teardown(() => client.close());
    const tasks = taskCalls(client);
    t.equal((await tasks.connect('ctr-r')).taskPid, pid);
    t.same(
      (await tasks.pids('ctr-r')).processes.map((process) => process.pid),
      [pid],
      'Pids is non-empty',
    );
    t.equal((await tasks.state('ctr-r')).status, Status.RUNNING);
    let exited = false;
    const wait = tasks.wait('ctr-r').then(() => (exited = true));
    const sandboxWait = api.wait('pod-r');
    await settle();
    t.equal(exited, false, 'task Wait blocks again');
    await api.stop('pod-r');
    await wait;
    t.equal((await sandboxWait).exitStatus, 0);
  },
);

t.test("Kuasar's extensions.tasks: append two, update one's processes, remove one", async (t) => {
  const { daemon, api, tasks } = await runningSandbox(t, 'pod-k');
  const request = createRequest('pod-k');
  const push = (list: object, fields = ['extensions.tasks']) =>
    api.update(
      'pod-k',
      fields,
      Sandbox.fromPartial({
        ...request.sandbox,
        extensions: {
          tasks: {
            typeUrl: 'github.com/containerd/containerd/Tasks',
            value: Buffer.from(JSON.stringify(list)),
          },
        },
      }),
    );
  const containersDir = path.join(daemon.dir, 'pod-k', 'containers');
  const execsOf = (id: string) =>
    (readJson(path.join(containersDir, `${id}.json`)) as { execs: Array<{ id: string }> }).execs.map(
      (exec) => exec.id,
    );
  const spec = { linux: { resources: { memory: { limit: 134217728 } } } };

  await push({
    tasks: [
      { task_id: 'k1', spec, processes: [{ exec_id: 'p1' }] },
      { task_id: 'k2', stdout: '/tmp/k2.out' },
    ],
  });
  t.same(fs.readdirSync(containersDir).sort(), ['k1.json', 'k2.json'], 'two containers appended');
  t.equal((await tasks.state('k1')).status, Status.CREATED, 'visible to the task API');
  const k1 = readJson(path.join(containersDir, 'k1.json')) as { resources: { memory_limit: number } };
  t.equal(k1.resources.memory_limit, 134217728, "resources come from the task's spec");
  t.same(execsOf('k1'), ['p1']);

  await push({ tasks: [{ task_id: 'k1', spec, processes: [{ exec_id: 'p2' }] }, { task_id: 'k2' }] });
  t.same(execsOf('k1'), ['p2'], 'p1 removed, p2 added');

  await push({ tasks: [{ task_id: 'k1', spec, processes: [{ exec_id: 'p2' }] }] });
  t.same(fs.readdirSync(containersDir), ['k1.json'], 'k2 removed');
  t.equal(await codeOf(tasks.state('k2')), status.NOT_FOUND);

  const before = fs.readFileSync(path.join(containersDir, 'k1.json'), 'utf8');
  const malformed = await api
    .update(
      'pod-k',
      ['extensions.tasks'],
      Sandbox.fromPartial({
        ...request.sandbox,
        extensions: { tasks: { typeUrl: 'x', value: Buffer.from('{"tasks":[{') } },
      }),
    )
    .catch((error: unknown) => error);
  t.equal((malformed as { code: number }).code, status.INVALID_ARGUMENT, 'malformed JSON is rejected');
  t.equal(fs.readFileSync(path.join(containersDir, 'k1.json'), 'utf8'), before, 'nothing changed');

  const pid = (await tasks.state('k1')).pid;
  const bundle = writeBundle(daemon.tmp, 'k1', 'pod-k');
  t.equal((await tasks.create('k1', bundle)).pid, pid, 'the task API Create adopts the announced container');
  await tasks.start('k1');
  t.equal((await tasks.state('k1')).status, Status.RUNNING);
});

t.test('a Wait on a created task is answered when the task is deleted', async (t) => {
  const { daemon, tasks } = await runningSandbox(t, 'pod-w');
  await tasks.create('ctr-w', writeBundle(daemon.tmp, 'ctr-w', 'pod-w'));
  const wait = tasks.wait('ctr-w');
  await settle();
  await tasks.delete('ctr-w');
  t.equal((await wait).exitStatus, 137, 'released as if killed');
});
