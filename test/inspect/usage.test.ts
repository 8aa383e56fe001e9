// Inspect.Usage in a real daemon (in process, real sockets and --dir) with an injected clock, so the numbers are
// exact: the annotated usage per container and per pod, a CPU rate over the last second, the pod as the sum of
// its live containers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import pino from 'pino';
import t, { type Test } from 'tap';
import { Daemon } from '../../src/daemon.js';
import { ControllerClient } from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import {
  InspectClient,
  type ContainerUsage,
  type UsageResponse,
} from '../../src/generated/resourceslot/v1/inspect.js';
import { USAGE_CPU_WINDOW_MS } from '../../src/transport/inspect.js';
import { codeOf, unary } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig, status } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';

const T0 = Date.UTC(2026, 0, 1);
const MiB = 1024 * 1024;
/** The model's working set of a 64Mi usage: usage minus inactive file (half of the 10 % that is file). */
const WORKING_SET_64MI = 64 * MiB - Math.floor((64 * MiB - Math.floor((64 * MiB * 9) / 10)) / 2);

async function startDaemon(t: Test) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-usage-'));
  const clock = { now: T0 };
  const daemon = await Daemon.start({
    listen: path.join(tmp, 'c.sock'),
    taskListen: path.join(tmp, 't.sock'),
    dir: path.join(tmp, 'state'),
    log: pino({ level: 'silent' }),
    now: () => clock.now,
    orphanTimer: { every: () => () => undefined },
  });
  const controller = new ControllerClient(`unix:${path.join(tmp, 'c.sock')}`, credentials.createInsecure());
  const inspect = new InspectClient(`unix:${path.join(tmp, 'c.sock')}`, credentials.createInsecure());
  const task = taskClient(`grpc+${path.join(tmp, 't.sock')}`);
  t.teardown(async () => {
    controller.close();
    inspect.close();
    task.close();
    await daemon.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return {
    tmp,
    clock,
    api: controllerCalls(controller),
    tasks: taskCalls(task),
    usage: (sandboxId = '') => unary<UsageResponse>((done) => inspect.usage({ sandboxId }, done)),
  };
}

t.test(
  'Usage: the annotated usage, a CPU rate over the last second, the pod as its live containers',
  async (t) => {
    const d = await startDaemon(t);
    const config = podConfig({}, 'web');
    config.annotations = {
      ...config.annotations,
      'resource-slot.io/usage-cpu': '250m',
      'resource-slot.io/usage-memory': '64Mi',
    };
    await d.api.create(createRequest('web-pod', config));
    await d.api.start('web-pod');
    await d.tasks.create('app', writeBundle(d.tmp, 'app', 'web-pod', { memory: { limit: 256 * MiB } }));
    await d.tasks.start('app');

    d.clock.now = T0 + 10_000;
    // Stats reads the model at a later time than the rate's start (now − 1 s) before Usage asks: the rate must
    // not be taken from the counter's high-water mark.
    await d.tasks.stats('app');
    d.clock.now = T0 + 10_500;
    const first = await d.usage();
    t.equal(first.cpuWindowMillis, USAGE_CPU_WINDOW_MS, 'the window is reported');
    t.strictSame(
      first.time,
      { seconds: (T0 + 10_000) / 1000, nanos: 500_000_000 },
      'the time of the samples',
    );
    t.equal(first.pods.length, 1);
    const pod = first.pods[0];
    t.match(pod, { sandboxId: 'web-pod', name: 'web', namespace: 'default', state: 'running' });
    const app = pod?.containers[0] as ContainerUsage;
    t.match(app, { containerId: 'app', name: 'app', state: 'running', live: true });
    t.strictSame(app.usage, {
      cpuCores: 0.25,
      cpuUsageUsec: 2_625_000,
      memoryUsageBytes: 64 * MiB,
      memoryWorkingSetBytes: WORKING_SET_64MI,
      memoryLimitBytes: 256 * MiB,
      pids: 1,
    });
    t.strictSame(pod?.usage, app.usage, 'a pod of one container is that container');

    // A second container, started 400 ms ago: its rate is over those 400 ms, not diluted over a second.
    d.clock.now = T0 + 11_000;
    await d.tasks.create(
      'sidecar',
      writeBundle(d.tmp, 'sidecar', 'web-pod', { memory: { limit: 128 * MiB } }),
    );
    await d.tasks.start('sidecar');
    d.clock.now = T0 + 11_400;
    const both = (await d.usage('web-pod')).pods[0];
    const sidecar = both?.containers.find((container) => container.containerId === 'sidecar');
    t.equal(sidecar?.usage?.cpuCores, 0.25, 'a container younger than the window: the rate since its start');
    t.equal(sidecar?.usage?.cpuUsageUsec, 100_000);
    t.strictSame(
      both?.usage,
      {
        cpuCores: 0.5,
        cpuUsageUsec: 2_850_000 + 100_000,
        memoryUsageBytes: 128 * MiB,
        memoryWorkingSetBytes: 2 * WORKING_SET_64MI,
        memoryLimitBytes: 384 * MiB,
        pids: 2,
      },
      'the pod adds its containers up',
    );

    // A stopped container: its last sample, no CPU rate, and no longer part of the pod.
    await d.tasks.kill('sidecar', 9);
    d.clock.now = T0 + 12_000;
    const after = (await d.usage('web-pod')).pods[0];
    const stopped = after?.containers.find((container) => container.containerId === 'sidecar');
    t.match(stopped, { state: 'stopped', live: false });
    t.equal(stopped?.usage?.cpuCores, 0, 'a stopped container uses no CPU');
    t.equal(stopped?.usage?.cpuUsageUsec, 100_000, 'its counter stays at its exit');
    t.equal(after?.usage?.cpuCores, 0.25, 'the pod is its live container only');
    t.equal(after?.usage?.memoryUsageBytes, 64 * MiB);
    t.equal(after?.usage?.memoryLimitBytes, 256 * MiB);
  },
);

t.test(
  'Usage: every pod, or one; an unknown one is NOT_FOUND; a created container has no rate',
  async (t) => {
    const d = await startDaemon(t);
    await d.api.create(createRequest('a-pod', podConfig({}, 'a')));
    await d.api.start('a-pod');
    await d.api.create(createRequest('b-pod', podConfig({}, 'b')));
    await d.tasks.create('waiting', writeBundle(d.tmp, 'waiting', 'a-pod'));
    d.clock.now = T0 + 5_000;
    const all = await d.usage();
    t.strictSame(all.pods.map((pod) => pod.sandboxId).sort(), ['a-pod', 'b-pod'], 'every live sandbox');
    t.match(
      all.pods.find((pod) => pod.sandboxId === 'b-pod'),
      { state: 'created', containers: [] },
    );
    const waiting = all.pods.find((pod) => pod.sandboxId === 'a-pod')?.containers[0];
    t.match(waiting, { containerId: 'waiting', state: 'created' });
    t.equal(waiting?.usage?.cpuCores, 0, 'a container never started has no CPU rate');
    t.equal(waiting?.usage?.cpuUsageUsec, 0);
    t.ok((waiting?.usage?.memoryUsageBytes ?? 0) > 0, 'the default memory is never zero');
    t.strictSame(
      (await d.usage('b-pod')).pods.map((pod) => pod.sandboxId),
      ['b-pod'],
      'one sandbox when asked',
    );
    t.equal(await codeOf(d.usage('no-such-pod')), status.NOT_FOUND, 'an unknown sandbox');
  },
);
