/**
 * Polls pods in the background from the moment they are applied and keeps what each poll showed of each pod: a
 * restart count that grows, or a reason that shows only between two restarts, is seen even by a case that looks
 * later, without that case waiting through another back-off.
 */
import type { Kubectl } from '../../src/cluster/kubectl.js';
import { listPods, type Pod } from './pods.js';

const POLL_MS = 1_500;

export interface PodWatch {
  /** Every poll's view of the pod, oldest first. */
  seen(name: string): Pod[];
  stop(): Promise<void>;
}

export function watchPods(kubectl: Kubectl, selector: string): PodWatch {
  const history = new Map<string, Pod[]>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const pods = await listPods(kubectl, '-l', selector).catch(() => []);
      for (const pod of pods) {
        // A Job's pod has a generated name: keep it under the Job's.
        const name = pod.metadata.labels?.['job-name'] ?? pod.metadata.name;
        history.set(name, [...(history.get(name) ?? []), pod]);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  return {
    seen: (name) => history.get(name) ?? [],
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
