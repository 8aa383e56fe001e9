/**
 * --unstarted-grace: a sandbox that containerd created but never started (it gave up between Create and Start, or
 * the daemon died before containerd got Create's answer) is removed after the grace, from memory and from --dir;
 * started sandboxes and younger ones stay. Also across a restart: the age counts from Create, not from recovery.
 */
import t from 'tap';
import { codeOf, sandboxDirs, startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, status } from '../helpers/requests.js';
import { until } from '../helpers/poll.js';

t.test('a sandbox never started is removed after the grace; started ones stay', async (t) => {
  const daemon = await startDaemon(t, ['--unstarted-grace', '1']);
  const controller = controllerCalls(daemon.controller);
  await controller.create(createRequest('never-started'));
  await controller.create(createRequest('started'));
  await controller.start('started');
  await controller.create(createRequest('stopped'));
  await controller.stop('stopped');
  t.same(sandboxDirs(daemon.dir).sort(), ['never-started', 'started', 'stopped'], 'kept within the grace');
  t.ok(await until(() => !sandboxDirs(daemon.dir).includes('never-started'), 10_000), 'removed from --dir');
  t.equal(await codeOf(controller.status('never-started')), status.NOT_FOUND, 'and from memory');
  t.same(sandboxDirs(daemon.dir).sort(), ['started', 'stopped'], 'started and stopped sandboxes stay');
  const logged = /"sandboxId":"never-started".*created but never started/;
  // The warning follows the removal's answer: give the log line a moment to arrive.
  t.ok(await until(() => logged.test(daemon.logs())), 'the removal is logged with the sandbox id');
  t.equal(await daemon.stop('SIGTERM'), 0);
});

t.test('the age counts from Create, also for a sandbox recovered after a restart', async (t) => {
  const first = await startDaemon(t, ['--unstarted-grace', '0']);
  await controllerCalls(first.controller).create(createRequest('left-behind'));
  t.equal(await first.stop('SIGKILL'), null, 'the daemon crashed after Create');
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  const second = await startDaemon(t, ['--unstarted-grace', '1'], first.tmp, first.dir);
  t.ok(await until(() => sandboxDirs(second.dir).length === 0, 5_000), 'removed at the first sweep');
  t.equal(await second.stop('SIGTERM'), 0);
});

t.test('--unstarted-grace 0 keeps them', async (t) => {
  const daemon = await startDaemon(t, ['--unstarted-grace', '0']);
  await controllerCalls(daemon.controller).create(createRequest('kept'));
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  t.same(sandboxDirs(daemon.dir), ['kept']);
  t.equal(await daemon.stop('SIGTERM'), 0);
});
