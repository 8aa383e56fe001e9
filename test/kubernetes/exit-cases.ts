/**
 * Scripted ends of a container, as the kubelet reports them: a Job's pod that exits 0 after 2 s completes, a pod
 * that exits 3 after 1 s goes into CrashLoopBackOff with a growing restart count, and a container whose simulated
 * memory passes its limit is OOMKilled (the daemon publishes TaskOOM to its containerd).
 */
import type { Test } from 'tap';
import { waitUntil } from '../../src/cluster/wait.js';
import type { ClusterSession } from './cluster-session.js';
import type { PodWatch } from './pod-watch.js';
import { getPod, listPods } from './pods.js';
import { CRASH_EXIT_CODE, CRASHING, JOB, OOM } from './workload-pods.js';

export async function jobCompletes(t: Test, session: ClusterSession): Promise<void> {
  let last = '';
  await waitUntil(
    async () => {
      // Short waits, polled: kubectl runs under a 30 s timeout of its own.
      const waited = await session.kubectl.run([
        'wait',
        '--for=condition=complete',
        `job/${JOB}`,
        '--timeout=10s',
      ]);
      last = waited.stderr.trim() || waited.stdout.trim();
      return waited.code === 0 ? true : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 500, describe: () => `job/${JOB} did not complete: ${last}` },
  );
  const pods = await listPods(session.kubectl, '-l', `job-name=${JOB}`);
  t.equal(pods.length, 1, 'one pod ran (backoffLimit 0: a failed run would have failed the Job)');
  t.equal(pods[0]?.status.phase, 'Succeeded');
  t.match(pods[0]?.status.containerStatuses?.[0]?.state.terminated, { exitCode: 0, reason: 'Completed' });
}

export async function crashLoops(t: Test, watch: PodWatch): Promise<void> {
  const counts = () =>
    watch.seen(CRASHING).map((pod) => pod.status.containerStatuses?.[0]?.restartCount ?? 0);
  const backedOff = () =>
    watch
      .seen(CRASHING)
      .some((pod) => pod.status.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff');
  await waitUntil(
    () => {
      const seen = new Set(counts());
      return backedOff() && Math.max(...seen) >= 2 && seen.size >= 2 ? true : undefined;
    },
    {
      timeoutMs: 120_000,
      intervalMs: 1_000,
      describe: () =>
        `${CRASHING}: restart counts seen ${counts().join(',')}, CrashLoopBackOff ${backedOff() ? '' : 'never '}seen`,
    },
  );
  const seen = counts();
  t.same(
    seen,
    [...seen].sort((a, b) => a - b),
    'the restart count only grows',
  );
  t.ok(Math.max(...seen) >= 2, `at least 2 restarts (${seen.at(-1)})`);
  const last = watch.seen(CRASHING).at(-1)!;
  t.match(last.status.containerStatuses?.[0]?.lastState.terminated, {
    exitCode: CRASH_EXIT_CODE,
    reason: 'Error',
  });
}

export async function oomKilled(t: Test, session: ClusterSession): Promise<void> {
  const pod = await waitUntil(
    async () => {
      const pod = await getPod(session.kubectl, OOM);
      return pod.status.containerStatuses?.[0]?.lastState.terminated?.reason === 'OOMKilled'
        ? pod
        : undefined;
    },
    {
      timeoutMs: 90_000,
      intervalMs: 1_000,
      describe: async () =>
        `${OOM} shows no last state OOMKilled: ${JSON.stringify((await getPod(session.kubectl, OOM)).status.containerStatuses)}`,
    },
  );
  t.match(pod.status.containerStatuses?.[0]?.lastState.terminated, { exitCode: 137, reason: 'OOMKilled' });
  t.ok((pod.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 'the kubelet restarted it');
}
