import { Status } from '../../generated/containerd/types/task/task.js';
import { describeFailure } from '../rpc.js';
import { expect, fail, ok } from '../verdict.js';
import type { Session } from '../session.js';
import type { TaskApi } from '../task-api.js';

export interface TaskUnderTest {
  sandboxId: string;
  tasks: TaskApi;
  id: string;
  pid: number;
}

/** A started sandbox with one created task in it; skips the check when the sandboxer serves no task API. */
export async function createdTask(session: Session): Promise<TaskUnderTest> {
  const { id: sandboxId, started } = await session.startSandbox();
  const tasks = session.tasksFor(started);
  return { sandboxId, tasks, ...(await session.createTask(tasks, sandboxId)) };
}

export async function runningTask(session: Session): Promise<TaskUnderTest> {
  const task = await createdTask(session);
  await ok('task Start', task.tasks.start(task.id));
  return task;
}

/** Kills a running task with SIGKILL and waits until its Wait returns, as containerd's stop path does (B3). */
export async function stoppedTask(session: Session): Promise<TaskUnderTest & { exitStatus: number }> {
  const task = await runningTask(session);
  const wait = session.waitTask(task.tasks, task.id);
  await ok('task Kill(9)', task.tasks.kill(task.id, 9));
  const outcome = await wait.within(session.options.answerMs);
  if (outcome === null) return fail(`task Wait did not return within ${session.options.answerMs} ms of Kill`);
  if ('error' in outcome) return fail(describeFailure('task Wait', outcome.error));
  return { ...task, exitStatus: outcome.answer.exitStatus };
}

export async function expectStatus(task: TaskUnderTest, expected: Status, when: string): Promise<void> {
  const state = await ok('task State', task.tasks.state(task.id));
  expect(
    state.status === expected,
    `task State ${when} says ${Status[state.status] ?? state.status}, not ${Status[expected]}`,
  );
}
