/**
 * Restart safety against a real containerd 2.2.9: containerd killed and started again, then the ResourceSlot
 * daemon restarted (with containerd down, then with containerd running), with a Ready pod and a Running container;
 * then the full teardown (docs/containerd.md, "Restarting ResourceSlot").
 */
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { readJson, sandboxDirs } from '../helpers/daemon.js';
import { RUNTIME_HANDLER } from './containerd-config.js';
import {
  containerConfig,
  podConfig,
  type ContainersOutput,
  type InspectOutput,
  type PodsOutput,
} from './cri-configs.js';
import { pollUntil } from './processes.js';
import { startStack, type Stack } from './stack.js';
import { withTools } from './tools.js';

const MiB = 1024 * 1024;

interface Workload {
  pod: string;
  container: string;
}

async function runWorkload(stack: Stack, name: string): Promise<Workload> {
  const podFile = stack.writeJson(
    `${name}-pod.json`,
    podConfig(stack.tmp, name, { cpu_period: 100_000, cpu_quota: 100_000, memory_limit_in_bytes: 512 * MiB }),
  );
  const pod = (await stack.crictlOk('runp', '--runtime', RUNTIME_HANDLER, podFile)).trim();
  const containerFile = stack.writeJson(
    `${name}-app.json`,
    containerConfig('app', { cpu_period: 100_000, cpu_quota: 50_000, memory_limit_in_bytes: 256 * MiB }),
  );
  const container = (await stack.crictlOk('create', pod, containerFile, podFile)).trim();
  await stack.crictlOk('start', container);
  return { pod, container };
}

/** What crictl says about the pod and the container, polled until it is what we expect (recovery is async). */
async function crictlStates(stack: Stack, { pod, container }: Workload, expected: [string, string]) {
  const read = async (): Promise<[string, string]> => {
    const pods = (await stack.crictlJson<PodsOutput>('pods', '-o', 'json')).items;
    const containers = (await stack.crictlJson<ContainersOutput>('ps', '-a', '-o', 'json')).containers;
    return [
      pods.find((p) => p.id === pod)?.state ?? 'missing',
      containers.find((c) => c.id === container)?.state ?? 'missing',
    ];
  };
  let last: [string, string] = ['?', '?'];
  try {
    return await pollUntil(
      async () => {
        last = await read();
        return last[0] === expected[0] && last[1] === expected[1] ? last : undefined;
      },
      () => `crictl shows pod/container ${last.join('/')}`,
      15_000,
      200,
    );
  } catch {
    return last;
  }
}

function recorded(stack: Stack, { pod, container }: Workload): [string, string] {
  const state = (file: string) =>
    fs.existsSync(file) ? (readJson(file) as { state: string }).state : 'missing';
  return [
    state(path.join(stack.dir, pod, 'resources.json')),
    state(path.join(stack.dir, pod, 'containers', `${container}.json`)),
  ];
}

const READY_RUNNING: [string, string] = ['SANDBOX_READY', 'CONTAINER_RUNNING'];

withTools(t, 'ResourceSlot and a real containerd survive restarts', (tools) => {
  t.test('ResourceSlot and a real containerd survive restarts', async (t) => {
    const stack = await startStack(t, tools);
    const work = await runWorkload(stack, 'survivor');

    await t.test('before any restart: Ready and Running', async (t) => {
      t.same(await crictlStates(stack, work, READY_RUNNING), READY_RUNNING);
      t.same(recorded(stack, work), ['running', 'running']);
    });

    await t.test('containerd killed and started again: still Ready and Running', async (t) => {
      await stack.stopContainerd('SIGKILL');
      await stack.startContainerd();
      t.same(await crictlStates(stack, work, READY_RUNNING), READY_RUNNING, 'crictl pods / ps');
      t.same(recorded(stack, work), ['running', 'running'], 'our records are untouched');
      const exec = await stack.crictl('exec', '--sync', work.container, '/bin/true');
      t.equal(exec.code, 0, `the re-connected task still answers exec ${exec.stderr}`);
    });

    await t.test('daemon restarted while containerd is down: still Ready and Running', async (t) => {
      await stack.stopContainerd('SIGTERM');
      await stack.stopDaemon('SIGTERM');
      await stack.startDaemon();
      await stack.startContainerd();
      t.same(await crictlStates(stack, work, READY_RUNNING), READY_RUNNING, 'crictl pods / ps');
      t.same(recorded(stack, work), ['running', 'running'], 'the daemon recovered both from --dir');
      const update = await stack.crictl('update', '--memory', String(128 * MiB), work.container);
      t.equal(update.code, 0, `the recovered container takes an update ${update.stderr}`);
      const file = path.join(stack.dir, work.pod, 'containers', `${work.container}.json`);
      t.equal((readJson(file) as { resources: { memory_limit: number } }).resources.memory_limit, 128 * MiB);
    });

    await t.test('full teardown after the restarts', async (t) => {
      await stack.crictlOk('stop', work.container);
      await stack.crictlOk('rm', work.container);
      await stack.crictlOk('stopp', work.pod);
      await stack.crictlOk('rmp', work.pod);
      t.same(await crictlStates(stack, work, ['missing', 'missing']), ['missing', 'missing'], 'crictl');
      t.same(sandboxDirs(stack.dir), [], 'nothing left under --dir');
    });

    await t.test('daemon restarted while containerd keeps running: still Ready and Running', async (t) => {
      const other = await runWorkload(stack, 'relayed');
      t.same(await crictlStates(stack, other, READY_RUNNING), READY_RUNNING, 'before the restart');
      await stack.stopDaemon('SIGTERM');
      await stack.startDaemon();
      // containerd retries the sandbox Wait itself; the task relay holds the container's task Wait across the restart
      // (containerd 2.2.9 never repeats a failed task Wait), so containerd never sees the daemon go.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      t.same(await crictlStates(stack, other, READY_RUNNING), READY_RUNNING, 'crictl pods / ps');
      t.same(recorded(stack, other), ['running', 'running'], 'the daemon recovered both from --dir');
      const exec = await stack.crictl('exec', '--sync', other.container, '/bin/true');
      t.equal(exec.code, 0, `the task still answers exec through the relay ${exec.stderr}`);

      await stack.crictlOk('stop', other.container);
      const stopped = await stack.crictlJson<InspectOutput>('inspect', '-o', 'json', other.container);
      t.equal(stopped.status.exitCode, 137, 'the Wait made before the restart heard the stop');
      await stack.crictlOk('rm', other.container);
      await stack.crictlOk('stopp', other.pod);
      await stack.crictlOk('rmp', other.pod);
      t.same(await crictlStates(stack, other, ['missing', 'missing']), ['missing', 'missing'], 'crictl');
      t.same(sandboxDirs(stack.dir), [], 'nothing left under --dir');
    });
  });
});
