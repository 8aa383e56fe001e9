import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import type { WaitResponse } from '../../src/generated/containerd/runtime/task/v3/shim.js';
import type { ControllerWaitResponse } from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { Status } from '../../src/generated/containerd/types/task/task.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';
import { pendingAfter } from './support/pending-calls.js';
import { mapBounded } from './support/pool.js';
import { countFromEnv } from './support/prng.js';
import { recoverySummary } from './support/state-files.js';

const SANDBOXES = countFromEnv('RESOURCE_SLOT_RECOVERY_SANDBOXES', 10_000);
const CONCURRENCY = 64;
const TASK_STATE_SAMPLE = 500;
const WAIT_SAMPLE = 50;

t.setTimeout(600_000);

interface StatusSummary {
  state: string;
  pid: number;
  address: string;
  version: number;
  createdAt: string;
}

async function statusOfAll(daemon: TestDaemon, ids: string[]): Promise<Map<string, string>> {
  const api = controllerCalls(daemon.controller);
  const summaries = await mapBounded(ids, CONCURRENCY, async (id) => {
    const { state, pid, address, version, createdAt } = await api.status(id);
    const summary: StatusSummary = { state, pid, address, version, createdAt: JSON.stringify(createdAt) };
    return JSON.stringify(summary);
  });
  return new Map(ids.map((id, index) => [id, summaries[index] as string]));
}

/** `count` items spread evenly over the whole list. */
function spread<T>(items: T[], count: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, index) => index % step === 0).slice(0, count);
}

const containerOf = (sandboxId: string) => `${sandboxId}-ctr`;

t.test(`${SANDBOXES} running sandboxes with a running container each come back after kill -9`, async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-scale-'));
  // The populating daemon skips fsync: `--sync none` still survives kill -9 (the kernel keeps the data), which is
  // all this test does to it, and populating is several times faster. The recovering daemon runs the default.
  const first = await startDaemon(t, ['--sync', 'none'], tmp);
  const api = controllerCalls(first.controller);
  const address = `grpc+${path.join(first.dir, 'task.sock')}`;
  const firstClient = taskClient(address);
  const firstTasks = taskCalls(firstClient);
  const ids = Array.from({ length: SANDBOXES }, (_, index) => `pod-${index}`);
  const bundles = new Map(ids.map((id) => [id, writeBundle(tmp, containerOf(id), id)]));
  const containerPids = new Map<string, number>();

  const populateStarted = Date.now();
  await mapBounded(ids, CONCURRENCY, async (id) => {
    await api.create(createRequest(id));
    await api.start(id);
    await firstTasks.create(containerOf(id), bundles.get(id) as string);
    containerPids.set(id, (await firstTasks.start(containerOf(id))).pid);
  });
  t.comment(
    `populate: ${SANDBOXES * 4} calls in ${Date.now() - populateStarted} ms (concurrency ${CONCURRENCY})`,
  );
  firstClient.close();

  const before = await statusOfAll(first, ids);
  t.ok(
    [...before.values()].every((summary) => summary.includes('"state":"SANDBOX_READY"')),
    'all sandboxes are running before the restart',
  );
  t.equal(await first.stop('SIGKILL'), null, 'the daemon is killed with SIGKILL');

  const restartStarted = Date.now();
  const daemon = await startDaemon(t, [], tmp);
  t.comment(`restart (spawn until serving, recovery included): ${Date.now() - restartStarted} ms`);
  t.same(
    recoverySummary(daemon.logs()),
    { sandboxes: SANDBOXES, containers: SANDBOXES, quarantined: 0 },
    `log line: Recovered ${SANDBOXES} sandboxes, ${SANDBOXES} containers, 0 quarantined`,
  );

  const after = await statusOfAll(daemon, ids);
  const changed = ids.filter((id) => after.get(id) !== before.get(id));
  t.equal(
    changed.length,
    0,
    'Status (state, pid, address, version, created_at) is unchanged for every sandbox',
    {
      firstChanged: changed.slice(0, 5).map((id) => ({ id, before: before.get(id), after: after.get(id) })),
    },
  );

  const client = taskClient(address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  const sample = spread(ids, TASK_STATE_SAMPLE);
  const states = await mapBounded(sample, CONCURRENCY, (id) => tasks.state(containerOf(id)));
  const wrongTasks = sample.filter((id, index) => {
    const state = states[index];
    return state?.status !== Status.RUNNING || state.pid !== containerPids.get(id);
  });
  t.same(wrongTasks, [], `task State: running with the same pid (${sample.length} sampled)`);

  const waited = spread(ids, WAIT_SAMPLE);
  const sandboxWaits = waited.map((sandboxId) =>
    pendingAfter<ControllerWaitResponse>((done) =>
      daemon.controller.wait({ sandboxId, sandboxer: 'resource-slot' }, done),
    ),
  );
  const taskWaits = waited.map((id) =>
    pendingAfter<WaitResponse>((done) => client.wait({ id: containerOf(id), execId: '' }, done)),
  );
  t.teardown(() => [...sandboxWaits, ...taskWaits].forEach((wait) => wait.cancel()));
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.equal(sandboxWaits.filter((wait) => wait.settled()).length, 0, `${waited.length} sandbox Waits block`);
  t.equal(taskWaits.filter((wait) => wait.settled()).length, 0, `${waited.length} task Waits block`);

  // The blocked Waits are live: stopping one sandbox answers its Wait and its container's.
  await controllerCalls(daemon.controller).stop(waited[0] as string);
  t.equal((await sandboxWaits[0]?.result)?.exitStatus, 0, 'the sandbox Wait answers after Stop');
  t.equal((await taskWaits[0]?.result)?.exitStatus, 137, 'the task Wait answers 137 as its sandbox stops');
  t.equal(
    sandboxWaits.filter((wait) => wait.settled()).length + taskWaits.filter((wait) => wait.settled()).length,
    2,
    'the other Waits still block',
  );
});
