/**
 * OOM kills against a real containerd 2.2.9: a container whose memory demand grows past its memory limit exits 137
 * at the time the profile crosses the limit, and, with `--containerd-address`, the TaskOOM event the daemon
 * publishes before the exit makes containerd's CRI report the reason OOMKilled (docs/workload.md, "OOM kills").
 * Likewise for the bigger container of a pod whose containers' demands together go past the pod's limit.
 */
import t from 'tap';
import { RUNTIME_HANDLER } from './containerd-config.js';
import { containerConfig, podConfig, type ContainersOutput } from './cri-configs.js';
import { exitedStatus, secondsBetween, startedContainer } from './ending.js';
import { startStack, type Stack } from './stack.js';
import { withTools } from './tools.js';

const Mi = 1024 * 1024;

/** A container whose memory demand grows 40Mi a second from 10Mi, against a 64Mi limit: due at 1.35 s. */
async function growingContainer(stack: Stack, name: string): Promise<string> {
  const annotations = { 'resource-slot.io/usage-memory': 'linear(from=10Mi, perSecond=40Mi)' };
  return (await startedContainer(stack, name, annotations, { memory_limit_in_bytes: 64 * Mi })).container;
}

/**
 * A pod with a 100Mi limit (as kubelet sends a pod-level one) and two containers it gave 100Mi each: `small` at 40Mi
 * started first, then `big` at 20Mi + 50Mi/s up to 70Mi. Together they pass 100Mi 0.8 s after big starts.
 */
async function crowdedPod(stack: Stack): Promise<{ small: string; big: string }> {
  const annotations = {
    'resource-slot.io/usage-memory.small': '40Mi',
    'resource-slot.io/usage-memory.big': 'linear(from=20Mi, perSecond=50Mi, max=70Mi)',
  };
  const resources = { memory_limit_in_bytes: 100 * Mi };
  const podFile = stack.writeJson(
    'crowded-pod.json',
    podConfig(stack.tmp, 'crowded', resources, annotations),
  );
  const pod = (await stack.crictlOk('runp', '--runtime', RUNTIME_HANDLER, podFile)).trim();
  const start = async (name: string): Promise<string> => {
    const file = stack.writeJson(`crowded-${name}.json`, containerConfig(name, resources));
    const container = (await stack.crictlOk('create', pod, file, podFile)).trim();
    await stack.crictlOk('start', container);
    return container;
  };
  const small = await start('small');
  return { small, big: await start('big') };
}

withTools(t, 'OOM kills through a real containerd', (tools) => {
  t.test('OOM kills through a real containerd', async (t) => {
    // A long interval and grace: reconciliation must not interfere, only the events path is under test. A wrong
    // default namespace: the event must go to the one containerd's Create call named (k8s.io), or CRI never sees it.
    const stack = await startStack(t, tools, {
      reconcile: { intervalSeconds: 3600, unstartedGraceSeconds: 3600 },
      daemonArgs: ['--containerd-namespace', 'default'],
    });

    await t.test('10Mi + 40Mi/s against a 64Mi limit: 137 after 1.35 s, reason OOMKilled', async (t) => {
      const container = await growingContainer(stack, 'leaky');
      const status = await exitedStatus(stack, container);
      t.equal(status.exitCode, 137, 'crictl inspect: exit code 137');
      const ran = secondsBetween(status.startedAt, status.finishedAt);
      t.ok(ran >= 1.3 && ran < 1.5, `it ran about 1.35 s (${ran} s)`);
      t.equal(status.reason, 'OOMKilled', 'crictl inspect: reason OOMKilled');
      const published = stack
        .daemonLog()
        .split('\n')
        .find((line) => line.includes('Published TaskOOM'));
      t.match(
        published,
        /"namespace":"k8s\.io"/,
        "the daemon published the event in the Create call's namespace",
      );
      t.match(stack.containerdLog(), /TaskOOM event/, "containerd's CRI received it");
    });

    await t.test('due while the daemon was down: killed on recovery, at the time it was due', async (t) => {
      const container = await growingContainer(stack, 'late');
      await stack.stopDaemon('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await stack.startDaemon();
      const status = await exitedStatus(stack, container);
      t.equal(status.exitCode, 137, 'crictl inspect: exit code 137');
      t.equal(status.reason, 'OOMKilled', 'crictl inspect: reason OOMKilled');
      const ran = secondsBetween(status.startedAt, status.finishedAt);
      t.ok(ran >= 1.2 && ran < 1.5, `exited_at is the due time, not the restart (${ran} s after start)`);
    });

    await t.test(
      'over the pod limit together: the bigger exits 137 OOMKilled, the smaller runs on',
      async (t) => {
        const { small, big } = await crowdedPod(stack);
        const status = await exitedStatus(stack, big);
        t.equal(status.exitCode, 137, 'crictl inspect: exit code 137');
        t.equal(status.reason, 'OOMKilled', 'crictl inspect: reason OOMKilled');
        const ran = secondsBetween(status.startedAt, status.finishedAt);
        t.ok(ran >= 0.75 && ran < 0.95, `it ran about 0.8 s (${ran} s)`);
        const listed = (await stack.crictlJson<ContainersOutput>('ps', '-a', '-o', 'json')).containers;
        t.equal(
          listed.find((c) => c.id === small)?.state,
          'CONTAINER_RUNNING',
          'crictl ps: the smaller one runs',
        );
      },
    );
  });

  t.test('without --containerd-address: 137 all the same, reason Error', async (t) => {
    const stack = await startStack(t, tools);
    const container = await growingContainer(stack, 'untold');
    const status = await exitedStatus(stack, container);
    t.equal(status.exitCode, 137, 'crictl inspect: exit code 137');
    t.equal(status.reason, 'Error', 'containerd was not told: its CRI says Error');
  });
});
