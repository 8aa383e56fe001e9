/**
 * A `--dir` written by an earlier release must still be recovered whole: fixtures/dir-v1 was written by commit
 * 95e3c1a (sandbox.json format resource-slot.sandbox/v1) through its real gRPC API, with sandboxes in every state a
 * sandbox can be recovered in, containers created, running, paused and killed, and exec processes created and
 * finished. The daemon started on a copy must report each of them as that release did, and keep working on them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { Status } from '../../src/generated/containerd/types/task/task.js';
import { codeOf, readJson, sandboxDirs, startDaemon } from '../helpers/daemon.js';
import { controllerCalls, status } from '../helpers/requests.js';
import { taskCalls, taskClient } from '../helpers/tasks.js';

const FIXTURE = new URL('./fixtures/dir-v1', import.meta.url).pathname;

function copyFixture(): { tmp: string; dir: string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-fixture-'));
  const dir = path.join(tmp, 'state');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  fs.chmodSync(dir, 0o700);
  return { tmp, dir };
}

t.test('a --dir written by release 95e3c1a (format v1) is recovered whole', async (t) => {
  const { tmp, dir } = copyFixture();
  t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));
  // sb-created was created long before any grace: the unstarted sweep would remove it mid-test.
  const daemon = await startDaemon(t, ['--unstarted-grace', '0'], tmp, dir);
  const controller = controllerCalls(daemon.controller);

  t.match(daemon.logs(), /Recovered 3 sandboxes, 5 containers, 0 quarantined/);
  t.same(sandboxDirs(dir).sort(), ['sb-created', 'sb-running', 'sb-stopped']);

  const states = await Promise.all(
    ['sb-created', 'sb-running', 'sb-stopped'].map(async (id) => (await controller.status(id)).state),
  );
  t.same(states, ['SANDBOX_NOTREADY', 'SANDBOX_READY', 'SANDBOX_NOTREADY']);
  const running = await controller.status('sb-running');
  t.equal(running.pid, 100000, 'the running sandbox keeps its pid');

  const tasks = taskCalls(taskClient(running.address));
  const taskState = async (id: string, execId = '') => {
    const state = await tasks.state(id, execId);
    return { status: state.status, exitStatus: state.exitStatus };
  };
  t.same(await taskState('ctr-created'), { status: Status.CREATED, exitStatus: 0 });
  t.same(await taskState('ctr-running'), { status: Status.RUNNING, exitStatus: 0 });
  t.same(await taskState('ctr-paused'), { status: Status.PAUSED, exitStatus: 0 });
  t.same(await taskState('ctr-killed'), { status: Status.STOPPED, exitStatus: 143 });
  t.same(await taskState('ctr-in-stopped'), { status: Status.STOPPED, exitStatus: 137 });
  t.same(await taskState('ctr-running', 'exec-created'), { status: Status.CREATED, exitStatus: 0 });
  t.same(await taskState('ctr-running', 'exec-done'), { status: Status.STOPPED, exitStatus: 0 });
  t.same((await tasks.wait('ctr-killed')).exitStatus, 143, 'Wait on a recovered exit answers at once');

  const resources = readJson(path.join(dir, 'sb-running', 'containers', 'ctr-running.json')) as {
    resources: { cpu_request: number; memory_limit: number };
  };
  t.equal(resources.resources.memory_limit, 536870912, 'the Update recorded before the restart is kept');

  // Live pids were reserved: a new process gets a pid no recovered live one has.
  const livePids = new Set(
    (await Promise.all(['ctr-created', 'ctr-running', 'ctr-paused'].map((id) => tasks.pids(id)))).flatMap(
      (answer) => answer.processes.map((process) => process.pid),
    ),
  );
  livePids.add(running.pid);
  await controller.start('sb-created');
  t.notOk(livePids.has((await controller.status('sb-created')).pid), 'a new pid does not collide');

  // The recovered actors keep their lifecycles.
  await tasks.start('ctr-created');
  await tasks.resume('ctr-paused');
  t.equal(await codeOf(tasks.kill('ctr-killed', 9)), status.NOT_FOUND, 'Kill of a finished task');
  t.equal(await codeOf(controller.start('sb-stopped')), status.FAILED_PRECONDITION);
  await controller.stop('sb-running');
  t.same(await taskState('ctr-running'), { status: Status.STOPPED, exitStatus: 137 });
  t.same(await taskState('ctr-paused'), { status: Status.STOPPED, exitStatus: 137 });
  await controller.shutdown('sb-running');
  await controller.shutdown('sb-stopped');
  t.same(sandboxDirs(dir), ['sb-created']);
  t.equal(await daemon.stop('SIGTERM'), 0);
});
