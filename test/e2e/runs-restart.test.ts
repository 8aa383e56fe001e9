import t from 'tap';
import { startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';

/**
 * A container's run number survives a daemon restart: containerd deletes an exited container's task, so only the
 * sandbox's count remembers run 1 when kubelet creates run 2 after the daemon came back (docs/workload.md).
 */
t.test('exit-on-starts 2 across a daemon restart between the two runs', async (t) => {
  const first = await startDaemon(t);
  const config = podConfig({}, 'runs-pod');
  config.annotations = { ...config.annotations, 'resource-slot.io/exit-on-starts': '2' };
  const api = controllerCalls(first.controller);
  await api.create(createRequest('runs-pod', config));
  const address = (await api.start('runs-pod')).address;
  const client = taskClient(address);
  const tasks = taskCalls(client);
  await tasks.create('run-1', writeBundle(first.tmp, 'run-1', 'runs-pod', {}, 'app'));
  await tasks.start('run-1');
  await tasks.kill('run-1', 9);
  t.equal((await tasks.wait('run-1')).exitStatus, 137, 'run 1 ran until killed');
  await tasks.delete('run-1');
  client.close();
  t.equal(await first.stop('SIGTERM'), 0, 'the daemon stopped cleanly');

  await startDaemon(t, [], first.tmp);
  const again = taskClient(address);
  t.teardown(() => again.close());
  const after = taskCalls(again);
  await after.create('run-2', writeBundle(first.tmp, 'run-2', 'runs-pod', {}, 'app'));
  const waited = after.wait('run-2');
  await after.start('run-2');
  t.equal((await waited).exitStatus, 1, 'run 2 fails, though run 1 is gone from the daemon');
});
