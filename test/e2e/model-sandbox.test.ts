import fs from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { Sandbox } from '../../src/generated/containerd/types/sandbox.js';
import { sandboxModel } from '../../src/transitions/models.js';
import { deriveTable } from '../../src/transitions/table.js';
import { modelWalks, type WalkStep } from '../../src/transitions/walks.js';
import { codeOf, readJson, startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, status } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';
import { tracked, within, type Tracked } from '../transitions/tracked.js';

/**
 * Replays every walk derived from the sandbox machine (src/transitions/walks.ts) through the real daemon over gRPC
 * and checks, after every step, what the machine implies: the answer, Status, Wait and the files on disk.
 */
const ANSWER_MS = 10_000;
const table = deriveTable(sandboxModel);
const walks = modelWalks(sandboxModel, table);
const daemon = await startDaemon(t);
const api = controllerCalls(daemon.controller);
// One task client for every walk's `task Create`: the daemon serves every sandbox's tasks on one address.
await api.create(createRequest('model-address'));
const client = taskClient((await api.start('model-address')).address);
t.teardown(() => client.close());
const tasks = taskCalls(client);

/** The machine's verdict as a gRPC code; a forgotten id is unknown, and containerd tolerates Stop/Shutdown of it. */
function expectedCode(step: WalkStep): status {
  if (step.outcome.kind === 'accepted') return status.OK;
  if (!table.finalStates.includes(step.from)) return status.FAILED_PRECONDITION;
  return step.call === 'Stop' || step.call === 'Shutdown' ? status.OK : status.NOT_FOUND;
}

function send(id: string, step: WalkStep, label: string): Promise<{ pid?: number }> {
  switch (step.call) {
    case 'task Create': {
      const containerId = `${id}-${label}`;
      return tasks.create(containerId, writeBundle(daemon.tmp, containerId, id));
    }
    case 'Start':
      return api.start(id);
    case 'Stop':
      return api.stop(id);
    case 'Shutdown':
      return api.shutdown(id);
    case 'Update':
      return api.update(id, ['labels.step'], Sandbox.fromPartial({ sandboxId: id, labels: { step: label } }));
  }
  throw new Error(`no RPC sends ${step.call}`);
}

interface Expected {
  state: string;
  pid: number;
  /** The first Wait, sent right after Create, must have been answered (the sandbox has been stopped). */
  released: boolean;
  label: string | null;
}

type StoredSandbox = { state: string; snapshot: { context: { record: { sandbox: { labels: object } } } } };

async function check(t: Test, id: string, expected: Expected, firstWait: Tracked<unknown>): Promise<void> {
  const dir = path.join(daemon.dir, id);
  if (table.finalStates.includes(expected.state)) {
    t.equal(await codeOf(api.status(id)), status.NOT_FOUND, 'Status: NOT_FOUND');
    t.equal(await codeOf(api.wait(id)), status.NOT_FOUND, 'a new Wait: NOT_FOUND');
    t.notOk(fs.existsSync(dir), 'the sandbox directory is gone');
  } else {
    const answer = await api.status(id);
    const ready = expected.state === 'running';
    t.equal(answer.state, ready ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY', `Status ${answer.state}`);
    t.equal(answer.pid, expected.pid, `Status pid ${expected.pid}`);
    const stored = readJson(path.join(dir, 'sandbox.json')) as StoredSandbox;
    t.equal(stored.state, expected.state, `sandbox.json says ${expected.state}`);
    const labels = stored.snapshot.context.record.sandbox.labels;
    if (expected.label !== null)
      t.match(labels, { step: expected.label }, 'the last accepted Update is stored');
    const resources = readJson(path.join(dir, 'resources.json')) as { state: string };
    t.equal(resources.state, expected.state, `resources.json says ${expected.state}`);
  }
  if (!expected.released) {
    t.equal(firstWait.settled, false, 'Wait is still pending');
    return;
  }
  t.match(await firstWait.answer(ANSWER_MS, 'the first Wait'), { exitStatus: 0 }, 'Wait has returned');
  if (!table.finalStates.includes(expected.state)) {
    const again = await within(api.wait(id), ANSWER_MS, 'a new Wait');
    t.equal(again.exitStatus, 0, 'a new Wait returns at once');
  }
}

for (const [index, walk] of walks.entries()) {
  t.test(`walk ${index + 1}: ${walk.name}`, async (t) => {
    const id = `model-sandbox-${index + 1}`;
    await api.create(createRequest(id));
    const firstWait = tracked(api.wait(id));
    const expected: Expected = { state: table.initial, pid: 0, released: false, label: null };
    await check(t, id, expected, firstWait);
    for (const [number, step] of walk.steps.entries()) {
      await t.test(`${step.from} + ${step.call} -> ${step.to}`, async (t) => {
        const label = `step-${number}`;
        const sent = send(id, step, label);
        t.equal(await codeOf(sent), expectedCode(step), `answer ${status[expectedCode(step)]}`);
        if (step.outcome.kind === 'accepted') {
          const { target, via } = step.outcome;
          if (step.call === 'Start') expected.pid = (await sent).pid ?? 0;
          if (target !== 'running') expected.pid = 0;
          if (step.call === 'Update') expected.label = label;
          expected.released ||= target === 'stopped' || via.includes('stopped');
          expected.state = target;
        }
        if (expected.state === 'running') t.ok(expected.pid > 0, 'Start gave a pid');
        await check(t, id, expected, firstWait);
      });
    }
  });
}
