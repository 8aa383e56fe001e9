/**
 * Scripted exits against a real containerd 2.2.9: a container whose pod's annotations script its end exits by
 * itself, and crictl shows it Exited with the scripted code, without any call; one due while the daemon is down
 * exits when the daemon is back, with the time it was due (docs/workload.md, "Scripted exits").
 */
import t from 'tap';
import { RUNTIME_HANDLER } from './containerd-config.js';
import { containerConfig, podConfig, type ContainersOutput } from './cri-configs.js';
import { exitedStatus, secondsBetween, startedContainer } from './ending.js';
import { startStack } from './stack.js';
import { withTools } from './tools.js';

withTools(t, 'scripted exits through a real containerd', (tools) => {
  t.test('scripted exits through a real containerd', async (t) => {
    const stack = await startStack(t, tools);

    await t.test('exit after 2 s with code 3: Exited(3) with no call', async (t) => {
      const work = await startedContainer(stack, 'job', {
        'resource-slot.io/exit-after': '2s',
        'resource-slot.io/exit-code': '3',
      });
      const status = await exitedStatus(stack, work.container, 15_000);
      t.equal(status.exitCode, 3, 'crictl inspect: exit code 3');
      const ran = secondsBetween(status.startedAt, status.finishedAt);
      t.ok(ran >= 1.9 && ran < 4, `it ran about 2 s (${ran} s)`);
    });

    await t.test(
      'crictl exec returns the scripted code once the window opens (a probe that starts failing)',
      async (t) => {
        const work = await startedContainer(stack, 'probed', {
          'resource-slot.io/exec-exit-code': '1',
          'resource-slot.io/exec-exit-from': '1500ms',
        });
        const before = await stack.crictl('exec', '--sync', work.container, '/bin/true');
        t.equal(before.code, 0, 'before the window: 0');
        await new Promise((resolve) => setTimeout(resolve, 1_600));
        const after = await stack.crictl('exec', '--sync', work.container, '/bin/true');
        t.equal(after.code, 1, `from 1.5 s on: 1 ${after.stderr}`);
      },
    );

    await t.test('exit-on-starts: the first run keeps running, the second fails at once', async (t) => {
      const first = await startedContainer(stack, 'second-fails', {
        'resource-slot.io/exit-on-starts': '2',
        'resource-slot.io/exit-code': '4',
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const listed = (await stack.crictlJson<ContainersOutput>('ps', '-a', '-o', 'json')).containers;
      t.equal(listed.find((c) => c.id === first.container)?.state, 'CONTAINER_RUNNING', 'run 1 still runs');
      // What kubelet does on a restart: the old container ends, a new one of the same name (next attempt) starts.
      await stack.crictlOk('stop', first.container);
      const retry = { ...containerConfig('app', {}), metadata: { name: 'app', attempt: 1 } };
      const file = stack.writeJson('second-fails-app-1.json', retry);
      const podFile = stack.writeJson('second-fails-pod.json', podConfig(stack.tmp, 'second-fails', {}, {}));
      const second = (await stack.crictlOk('create', first.pod, file, podFile)).trim();
      await stack.crictlOk('start', second);
      const status = await exitedStatus(stack, second, 10_000);
      t.equal(status.exitCode, 4, 'run 2: Exited(4)');
      t.ok(secondsBetween(status.startedAt, status.finishedAt) < 1, 'at once');
    });

    await t.test(
      "KWOK's chaos stage label: the named container fails after the annotated delay",
      async (t) => {
        const stage = 'pod-container-running-failed.stage.kwok.x-k8s.io';
        const pod = podConfig(
          stack.tmp,
          'chaos',
          {},
          {
            [`${stage}/delay`]: '500ms',
            [`${stage}/jitter-delay`]: '500ms',
            [`${stage}/exit-code`]: '2',
            [`${stage}/container-name`]: 'app',
          },
        );
        const labelled = { ...pod, labels: { app: 'chaos', [stage]: 'true' } };
        const podFile = stack.writeJson('chaos-pod.json', labelled);
        const podId = (await stack.crictlOk('runp', '--runtime', RUNTIME_HANDLER, podFile)).trim();
        const file = stack.writeJson('chaos-app.json', containerConfig('app', {}));
        const container = (await stack.crictlOk('create', podId, file, podFile)).trim();
        await stack.crictlOk('start', container);
        const status = await exitedStatus(stack, container, 10_000);
        t.equal(status.exitCode, 2, 'Exited(2)');
        const ran = secondsBetween(status.startedAt, status.finishedAt);
        t.ok(ran >= 0.45 && ran < 2, `after about 0.5 s (${ran} s)`);
      },
    );

    await t.test('due while the daemon was down: exits on recovery, at the time it was due', async (t) => {
      const work = await startedContainer(stack, 'late', { 'resource-slot.io/exit-after.app': '3s' });
      await stack.stopDaemon('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      await stack.startDaemon();
      const status = await exitedStatus(stack, work.container, 20_000);
      t.equal(status.exitCode, 0, 'a scripted completion: exit code 0');
      const ran = secondsBetween(status.startedAt, status.finishedAt);
      t.ok(ran >= 2.9 && ran < 3.5, `exited_at is the due time, not the restart (${ran} s after start)`);
    });
  });
});
