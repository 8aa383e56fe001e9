import { status } from '@grpc/grpc-js';
import { containerModel } from '../../transitions/models.js';
import type { Check } from '../check.js';
import { expect, ok, pass } from '../verdict.js';
import { liveStates, refusedCalls } from '../illegal.js';
import { codeName, codeOf } from '../rpc.js';
import type { Session } from '../session.js';
import { createdTask, runningTask, stoppedTask, type TaskUnderTest } from './task-setup.js';

/** How the runner brings a new task into each live state of machines/container.machine.ts. */
export const TASK_DRIVERS: Record<string, (session: Session) => Promise<TaskUnderTest>> = {
  created: createdTask,
  running: runningTask,
  paused: async (session) => {
    const task = await runningTask(session);
    await ok('task Pause', task.tasks.pause(task.id));
    return task;
  },
  stopped: stoppedTask,
};

/**
 * The task calls whose refusal is checked. Kill is left out: containerd tolerates its NotFound for a finished
 * process (task.kill.stopped-tolerated), and `sandbox Stop` is not a task call.
 */
const CALLS: Record<string, (task: TaskUnderTest) => Promise<unknown>> = {
  Start: (task) => task.tasks.start(task.id),
  Pause: (task) => task.tasks.pause(task.id),
  Resume: (task) => task.tasks.resume(task.id),
  Delete: (task) => task.tasks.delete(task.id),
  Update: (task) => task.tasks.update(task.id, { memory: { limit: 96 * 1024 * 1024 } }),
  Exec: (task) => task.tasks.exec(task.id, 'conformance-illegal-exec'),
};

function illegalCheck(state: string, calls: string[]): Check {
  return {
    name: `task.illegal.${state}`,
    run: async (session) => {
      const drive = TASK_DRIVERS[state];
      if (!drive) throw new Error(`no way to bring a task into ${state}`);
      const task = await drive(session);
      const before = await ok('task State', task.tasks.state(task.id));
      const answers: string[] = [];
      for (const call of calls) {
        const send = CALLS[call];
        if (!send) throw new Error(`no task call for ${call}`);
        const code = await codeOf(send(task));
        expect(
          code !== status.OK,
          `${call} of a ${state} task succeeded; the lifecycle allows it only elsewhere`,
        );
        answers.push(`${call} → ${codeName(code)}`);
      }
      const after = await ok('task State', task.tasks.state(task.id));
      expect(after.status === before.status, `task State changed from ${before.status} to ${after.status}`);
      return pass(`a ${state} task refuses ${answers.join(', ')}; State unchanged`);
    },
  };
}

/** One check per task state that refuses some task call (docs/transitions.md, derived from the machine). */
export const taskIllegalChecks: Check[] = liveStates(containerModel)
  .map((state) => ({ state, calls: refusedCalls(containerModel, state, Object.keys(CALLS)) }))
  .filter(({ calls }) => calls.length > 0)
  .map(({ state, calls }) => illegalCheck(state, calls));
