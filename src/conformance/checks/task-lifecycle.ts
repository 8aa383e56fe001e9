import { status } from '@grpc/grpc-js';
import { Status } from '../../generated/containerd/types/task/task.js';
import { codeName, codeOf, describeFailure } from '../rpc.js';
import type { Check } from '../check.js';
import { expect, fail, ok, pass } from '../verdict.js';
import { sleep } from '../watch.js';
import { createdTask, expectStatus, runningTask, stoppedTask } from './task-setup.js';

const SIGTERM = 15;

/** containerd tolerates NotFound here (contract B3 notes), so success is as good. */
const okOrNotFound = (code: status): boolean => code === status.OK || code === status.NOT_FOUND;

export const taskLifecycleChecks: Check[] = [
  {
    name: 'task.create',
    run: async (session) => {
      const task = await createdTask(session);
      await expectStatus(task, Status.CREATED, 'after Create');
      return pass(`Create read the bundle and answered pid ${task.pid}; State says CREATED`);
    },
  },
  {
    name: 'task.connect',
    run: async (session) => {
      const task = await createdTask(session);
      const { taskPid } = await ok('task Connect', task.tasks.connect(task.id));
      expect(taskPid === task.pid, `Connect says task pid ${taskPid}, Create said ${task.pid}`);
      return pass(`Connect answers the task pid ${taskPid} (containerd asks it right after Create)`);
    },
  },
  {
    name: 'task.start',
    run: async (session) => {
      const task = await createdTask(session);
      const { pid } = await ok('task Start', task.tasks.start(task.id));
      await expectStatus(task, Status.RUNNING, 'after Start');
      return pass(`Start answered pid ${pid}; State says RUNNING`);
    },
  },
  {
    name: 'task.pids',
    run: async (session) => {
      const task = await runningTask(session);
      const { processes } = await ok('task Pids', task.tasks.pids(task.id));
      expect(
        processes.length > 0,
        'Pids of a running task is empty; containerd deletes such a task after a restart',
      );
      return pass(`Pids of a running task lists ${processes.map((process) => process.pid).join(', ')}`);
    },
  },
  {
    name: 'task.wait.blocks',
    run: async (session) => {
      const task = await runningTask(session);
      const wait = session.waitTask(task.tasks, task.id);
      await sleep(session.options.waitWindowMs);
      expect(!wait.settled, 'task Wait returned while the task runs; it must block until the task exits');
      return pass(`task Wait still pending ${session.options.waitWindowMs} ms after Start`);
    },
  },
  {
    name: 'task.kill.releases-wait',
    run: async (session) => {
      const task = await createdTask(session);
      const wait = session.waitTask(task.tasks, task.id);
      await ok('task Start', task.tasks.start(task.id));
      await ok('task State', task.tasks.state(task.id));
      expect(!wait.settled, 'task Wait returned before Kill was sent');
      await ok('task Kill(15)', task.tasks.kill(task.id, SIGTERM));
      const outcome = await wait.within(session.options.answerMs);
      if (outcome === null)
        return fail(`task Wait did not return within ${session.options.answerMs} ms of Kill`);
      if ('error' in outcome) return fail(describeFailure('task Wait', outcome.error));
      await expectStatus(task, Status.STOPPED, 'after Kill');
      const exit = outcome.answer.exitStatus;
      return pass(`Kill(15) released Wait with exit status ${exit} (128+15 is usual); State says STOPPED`);
    },
  },
  {
    name: 'task.kill.stopped-tolerated',
    run: async (session) => {
      const task = await stoppedTask(session);
      const code = await codeOf(task.tasks.kill(task.id, 9));
      expect(
        okOrNotFound(code),
        `Kill of a stopped task answered ${codeName(code)}; containerd tolerates NOT_FOUND`,
      );
      return pass(`Kill of a stopped task answers ${codeName(code)}`);
    },
  },
  {
    name: 'task.delete',
    run: async (session) => {
      const task = await stoppedTask(session);
      const deleted = await ok('task Delete', task.tasks.delete(task.id));
      expect(
        deleted.exitStatus === task.exitStatus,
        `Delete says exit status ${deleted.exitStatus}, Wait said ${task.exitStatus}`,
      );
      const code = await codeOf(task.tasks.state(task.id));
      expect(code === status.NOT_FOUND, `State after Delete answered ${codeName(code)}, not NOT_FOUND`);
      return pass(`Delete of a stopped task answers exit status ${deleted.exitStatus}; State then NOT_FOUND`);
    },
  },
  {
    name: 'task.delete.unknown',
    run: async (session) => {
      const task = await createdTask(session);
      const code = await codeOf(task.tasks.delete(session.newId('unknown')));
      expect(
        okOrNotFound(code),
        `Delete of an unknown task answered ${codeName(code)}; containerd tolerates NOT_FOUND`,
      );
      return pass(`Delete of an unknown task answers ${codeName(code)}`);
    },
  },
  {
    name: 'task.shutdown.noop',
    run: async (session) => {
      const task = await stoppedTask(session);
      await ok('task Delete', task.tasks.delete(task.id));
      const code = await codeOf(task.tasks.shutdown(task.id));
      expect(okOrNotFound(code), `task Shutdown answered ${codeName(code)}`);
      const next = await session.createTask(task.tasks, task.sandboxId);
      await ok('task State of a new task', task.tasks.state(next.id));
      const { state } = await ok('Status', session.api.status(task.sandboxId));
      expect(state === 'SANDBOX_READY', `the sandbox says ${state} after a task Shutdown`);
      return pass('after a task Shutdown the task API still serves new tasks and the sandbox stays ready');
    },
  },
  {
    name: 'task.update',
    run: async (session) => {
      const task = await runningTask(session);
      await ok('task Update', task.tasks.update(task.id, { memory: { limit: 128 * 1024 * 1024 } }));
      return pass('Update with LinuxResources JSON is accepted (CRI UpdateContainerResources)');
    },
  },
  {
    name: 'task.sandbox-shutdown-deletes',
    run: async (session) => {
      const task = await runningTask(session);
      await ok('Stop', session.api.stop(task.sandboxId));
      await ok('Shutdown', session.api.shutdown(task.sandboxId));
      const code = await codeOf(task.tasks.state(task.id));
      expect(
        code === status.NOT_FOUND,
        `State of its task after sandbox Shutdown answered ${codeName(code)}`,
      );
      return pass('Shutdown of the sandbox deletes its tasks (contract A6)');
    },
  },
];
