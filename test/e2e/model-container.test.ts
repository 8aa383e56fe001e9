import fs from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { Status } from '../../src/generated/containerd/types/task/task.js';
import { containerModel } from '../../src/transitions/models.js';
import { deriveTable } from '../../src/transitions/table.js';
import { modelWalks, type WalkStep } from '../../src/transitions/walks.js';
import { codeOf, readJson, startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, status } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';
import { tracked, within, type Tracked } from '../transitions/tracked.js';

/**
 * Replays every walk derived from the container machine through the real daemon: each walk runs one container in
 * its own running sandbox, over the task API, with `sandbox Stop` sent as the Controller's Stop of that sandbox.
 */
const ANSWER_MS = 10_000;
const table = deriveTable(containerModel);
const walks = modelWalks(containerModel, table);
const daemon = await startDaemon(t);
const api = controllerCalls(daemon.controller);
await api.create(createRequest('model-address'));
const client = taskClient((await api.start('model-address')).address);
t.teardown(() => client.close());
const tasks = taskCalls(client);

const TASK_STATUS: Record<string, Status> = {
  created: Status.CREATED,
  running: Status.RUNNING,
  paused: Status.PAUSED,
  stopped: Status.STOPPED,
};
/** Kill sends SIGTERM (128 + 15); a stopping sandbox takes its containers down as if SIGKILLed (128 + 9). */
const EXIT_STATUS: Record<string, number> = { Kill: 143, 'sandbox Stop': 137 };

/** The machine's verdict as a gRPC code, with the daemon's NotFound rules (docs/container-transitions.md). */
function expectedCode(step: WalkStep): status {
  if (step.call === 'sandbox Stop') return status.OK; // the Controller's Stop is idempotent whatever the container does
  if (step.outcome.kind === 'accepted') return status.OK;
  if (table.finalStates.includes(step.from)) return status.NOT_FOUND;
  // "process already finished": a Kill, even the signal-0 probe, refused in a finished state.
  if ((step.call === 'Kill' || step.call === 'Kill 0') && step.from === 'stopped') return status.NOT_FOUND;
  return status.FAILED_PRECONDITION;
}

function send(ids: Ids, step: WalkStep, memoryLimit: number): Promise<unknown> {
  switch (step.call) {
    case 'Start':
      return tasks.start(ids.container);
    case 'Kill':
      return tasks.kill(ids.container, 15);
    case 'Kill 0':
      return tasks.kill(ids.container, 0);
    case 'Exec':
      return tasks.exec(ids.container, `exec-${memoryLimit}`);
    case 'Pause':
      return tasks.pause(ids.container);
    case 'Resume':
      return tasks.resume(ids.container);
    case 'sandbox Stop':
      return api.stop(ids.sandbox);
    case 'Delete':
      return tasks.delete(ids.container);
    case 'Update':
      return tasks.update(ids.container, { memory: { limit: memoryLimit } });
  }
  throw new Error(`no RPC sends ${step.call}`);
}

interface Ids {
  sandbox: string;
  container: string;
}

interface Expected {
  state: string;
  pid: number;
  exitStatus: number | null;
  memoryLimit: number | null;
  sandboxRunning: boolean;
}

type ContainerEntry = { container_id: string; state: string };

async function check(t: Test, ids: Ids, expected: Expected, firstWait: Tracked<{ exitStatus: number }>) {
  const dir = path.join(daemon.dir, ids.sandbox);
  const file = path.join(dir, 'containers', `${ids.container}.json`);
  const listed = (readJson(path.join(dir, 'resources.json')) as { containers: ContainerEntry[] }).containers;
  const entry = listed.find((container) => container.container_id === ids.container);
  if (table.finalStates.includes(expected.state)) {
    t.equal(await codeOf(tasks.state(ids.container)), status.NOT_FOUND, 'State: NOT_FOUND');
    t.equal(await codeOf(tasks.wait(ids.container)), status.NOT_FOUND, 'a new Wait: NOT_FOUND');
    t.notOk(fs.existsSync(file), 'the container file is gone');
    t.notOk(entry, 'resources.json no longer lists the container');
  } else {
    const state = await tasks.state(ids.container);
    t.equal(state.status, TASK_STATUS[expected.state], `State ${Status[state.status]}`);
    t.equal(state.pid, expected.pid, 'State keeps the pid from Create');
    if (expected.exitStatus !== null) t.equal(state.exitStatus, expected.exitStatus, 'State exit status');
    const stored = readJson(file) as { state: string; resources: { memory_limit: number | null } };
    t.equal(stored.state, expected.state, `containers/${ids.container}.json says ${expected.state}`);
    if (expected.memoryLimit !== null)
      t.equal(stored.resources.memory_limit, expected.memoryLimit, 'Update stored');
    t.equal(entry?.state, expected.state, `resources.json lists it as ${expected.state}`);
  }
  const sandboxState = expected.sandboxRunning ? 'running' : 'stopped';
  const sandbox = await api.status(ids.sandbox);
  t.equal(
    sandbox.state,
    expected.sandboxRunning ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
    `sandbox ${sandbox.state}`,
  );
  t.equal(
    (readJson(path.join(dir, 'sandbox.json')) as { state: string }).state,
    sandboxState,
    'sandbox.json',
  );
  if (expected.exitStatus === null) {
    t.equal(firstWait.settled, false, 'task Wait is still pending');
    return;
  }
  const exit = await firstWait.answer(ANSWER_MS, 'the first task Wait');
  t.equal(exit.exitStatus, expected.exitStatus, `task Wait returned ${expected.exitStatus}`);
  if (!table.finalStates.includes(expected.state)) {
    const again = await within(tasks.wait(ids.container), ANSWER_MS, 'a new task Wait');
    t.equal(again.exitStatus, expected.exitStatus, 'a new task Wait returns at once');
  }
}

for (const [index, walk] of walks.entries()) {
  t.test(`walk ${index + 1}: ${walk.name}`, async (t) => {
    const ids = { sandbox: `model-pod-${index + 1}`, container: `model-ctr-${index + 1}` };
    await api.create(createRequest(ids.sandbox));
    await api.start(ids.sandbox);
    const created = await tasks.create(ids.container, writeBundle(daemon.tmp, ids.container, ids.sandbox));
    t.ok(created.pid > 0, 'Create gives the init pid');
    const firstWait = tracked(tasks.wait(ids.container));
    const expected: Expected = {
      state: table.initial,
      pid: created.pid,
      exitStatus: null,
      memoryLimit: null,
      sandboxRunning: true,
    };
    await check(t, ids, expected, firstWait);
    for (const [number, step] of walk.steps.entries()) {
      await t.test(`${step.from} + ${step.call} -> ${step.to}`, async (t) => {
        const memoryLimit = (number + 1) * 64 * 1024 * 1024;
        const code = expectedCode(step);
        t.equal(await codeOf(send(ids, step, memoryLimit)), code, `answer ${status[code]}`);
        if (step.call === 'sandbox Stop') expected.sandboxRunning = false;
        if (step.outcome.kind === 'accepted') {
          if (step.outcome.target === 'stopped') expected.exitStatus = EXIT_STATUS[step.call] ?? null;
          // A task deleted before it stopped answers its pending Wait as if killed.
          if (step.outcome.target === 'deleted' && expected.exitStatus === null) expected.exitStatus = 137;
          if (step.call === 'Update') expected.memoryLimit = memoryLimit;
          expected.state = step.outcome.target;
        }
        await check(t, ids, expected, firstWait);
      });
    }
  });
}
