/**
 * Every pod of a bench cluster as one watch sees it, from before the first pod is created: when each was first
 * seen (its creation) and when it was first Running and Ready. A wave is the pods first seen after it began.
 */
import type { ApiClient, WatchEvent } from './api.js';

interface WatchedPod {
  metadata: { name: string; namespace?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

interface PodList {
  metadata: { resourceVersion: string };
  items: WatchedPod[];
}

export interface PodTimes {
  /** performance.now() when the watch first saw the pod. */
  seenAt: number;
  runningAt?: number;
  /** Its phase as last seen, and where it was scheduled: what a wave that did not finish reports. */
  phase: string;
  node?: string;
}

export interface PodTracker {
  /** Pods first seen at or after `since` (performance.now()). */
  seenSince(since: number): [string, PodTimes][];
  /**
   * Waits until `count` pods first seen at or after `since` are Running and Ready; throws saying how many were when
   * none more became so for `stallSeconds`, or at `timeoutSeconds`.
   */
  waitRunning(
    since: number,
    count: number,
    options: { timeoutSeconds: number; stallSeconds: number },
  ): Promise<void>;
  stop(): void;
  /** How often the watch had to be started again after the apiserver closed it. */
  rewatches(): number;
}

/** After the apiserver closed the watch, and between failed attempts to list again. */
const REWATCH_DELAY_MS = 200;

const isRunningAndReady = (pod: WatchedPod): boolean =>
  pod.status?.phase === 'Running' &&
  pod.status.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ===
    true;

export async function trackPods(api: ApiClient, namespace: string): Promise<PodTracker> {
  const pods = new Map<string, PodTimes>();
  const podsPath = `/api/v1/namespaces/${namespace}/pods`;
  const onEvent = (event: WatchEvent<WatchedPod>, receivedAt: number) => {
    if (event.type !== 'ADDED' && event.type !== 'MODIFIED') return;
    const name = event.object.metadata.name;
    let times = pods.get(name);
    if (!times) pods.set(name, (times = { seenAt: receivedAt, phase: '' }));
    times.phase = event.object.status?.phase ?? 'no phase';
    if (event.object.spec?.nodeName) times.node = event.object.spec.nodeName;
    if (times.runningAt === undefined && isRunningAndReady(event.object)) times.runningAt = receivedAt;
  };
  let stopped = false;
  let rewatches = 0;
  let stopWatch: () => void = () => undefined;
  const watchFrom = async (resourceVersion: string | undefined) => {
    const from = resourceVersion === undefined ? '' : `?resourceVersion=${resourceVersion}`;
    stopWatch = await api.watch<WatchedPod>(`${podsPath}${from}`, onEvent, () => void rewatch());
  };
  // On a loaded machine the apiserver closes a watch that does not keep up ("Forcing pods watcher close due to
  // unresponsiveness"). As client-go's reflector does: list what the watch missed, then watch on from that list.
  // A pod that became Running and Ready while no watch ran is timed when the list saw it: later than it was.
  const rewatch = async () => {
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, REWATCH_DELAY_MS));
      if (stopped) return;
      try {
        const list = await api.request<PodList>('GET', podsPath);
        const listedAt = performance.now();
        for (const pod of list.items) onEvent({ type: 'MODIFIED', object: pod }, listedAt);
        rewatches += 1;
        await watchFrom(list.metadata.resourceVersion);
        return;
      } catch {
        // The apiserver is busy or going down: ask again, until stopped.
      }
    }
  };
  await watchFrom(undefined);
  const seenSince = (since: number) => [...pods].filter(([, times]) => times.seenAt >= since);
  return {
    seenSince,
    waitRunning: async (since, count, { timeoutSeconds, stallSeconds }) => {
      const started = performance.now();
      let running = 0;
      let lastProgress = started;
      for (;;) {
        const now = performance.now();
        const wave = seenSince(since);
        const nowRunning = wave.filter(([, times]) => times.runningAt !== undefined).length;
        if (nowRunning >= count) return;
        if (nowRunning > running) {
          running = nowRunning;
          lastProgress = now;
        }
        const stalled = (now - lastProgress) / 1000 > stallSeconds;
        if (stalled || (now - started) / 1000 > timeoutSeconds)
          throw new Error(
            `only ${running} of ${count} pods Running and Ready (${wave.length} created: ` +
              `${describeWave(wave)}) after ${Math.round((now - started) / 1000)} s` +
              (stalled ? `, none more for ${stallSeconds} s` : ''),
          );
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    stop: () => {
      stopped = true;
      stopWatch();
    },
    rewatches: () => rewatches,
  };
}

/** How many pods are in which phase, and how many are not on a node yet. */
export function describeWave(wave: [string, PodTimes][]): string {
  const phases = new Map<string, number>();
  for (const [, times] of wave) phases.set(times.phase, (phases.get(times.phase) ?? 0) + 1);
  const unscheduled = wave.filter(([, times]) => times.node === undefined).length;
  return [...[...phases].map(([phase, count]) => `${count} ${phase}`), `${unscheduled} not scheduled`].join(
    ', ',
  );
}
