/**
 * Exec probes through the real kubelet: passing liveness and readiness probes keep a pod Ready without restarts,
 * and a liveness probe that starts failing 3 s into each run (ResourceSlot's exec-exit annotations) makes the
 * kubelet kill and restart the container.
 */
import type { Test } from 'tap';
import { waitUntil } from '../../src/cluster/wait.js';
import type { ClusterSession } from './cluster-session.js';
import { describePods, getPod, isReady } from './pods.js';
import { PROBED, UNHEALTHY } from './workload-pods.js';

interface Event {
  reason: string;
  message: string;
}

export async function probesRestartOnlyTheUnhealthy(t: Test, session: ClusterSession): Promise<void> {
  const { kubectl } = session;
  // Both run probes every second since the same moment: once the unhealthy one was restarted twice, the healthy
  // one has passed several liveness and readiness probes.
  const [probed, unhealthy] = await waitUntil(
    async () => {
      const pods = [await getPod(kubectl, PROBED), await getPod(kubectl, UNHEALTHY)] as const;
      return (pods[1].status.containerStatuses?.[0]?.restartCount ?? 0) >= 2 ? pods : undefined;
    },
    {
      timeoutMs: 120_000,
      intervalMs: 1_000,
      describe: async () =>
        `${UNHEALTHY} was not restarted twice: ${describePods([await getPod(kubectl, PROBED), await getPod(kubectl, UNHEALTHY)])}`,
    },
  );
  t.ok(isReady(probed), `${PROBED} is Ready (its readiness probe passes)`);
  t.equal(probed.status.containerStatuses?.[0]?.restartCount, 0, `${PROBED} was never restarted`);
  t.ok(unhealthy.status.containerStatuses?.[0]?.lastState.terminated, `${UNHEALTHY} shows the run it ended`);

  const events = (
    JSON.parse(
      await kubectl.ok([
        'get',
        'events',
        '--field-selector',
        `involvedObject.name=${UNHEALTHY}`,
        '-o',
        'json',
      ]),
    ) as { items: Event[] }
  ).items;
  t.ok(
    events.some((event) => event.reason === 'Unhealthy' && /^Liveness probe failed/.test(event.message)),
    'an Unhealthy event: Liveness probe failed',
  );
  t.ok(
    events.some((event) => event.reason === 'Killing' && /failed liveness probe/.test(event.message)),
    'a Killing event: failed liveness probe, will be restarted',
  );
  const probedEvents = await kubectl.ok([
    'get',
    'events',
    '--field-selector',
    `involvedObject.name=${PROBED},reason=Unhealthy`,
    '-o',
    'name',
  ]);
  t.equal(probedEvents.trim(), '', `no probe of ${PROBED} failed`);
}
