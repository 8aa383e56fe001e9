/**
 * Pods whose lives are scripted by ResourceSlot's annotations (docs/workload.md): a Job that finishes, a pod that
 * crashes, one that runs out of memory, one whose exec probes pass and one whose liveness probe starts failing.
 * They are applied together, so the cases that watch them wait side by side.
 */
import { stringify } from 'yaml';
import { appContainer, podManifest, podSpec } from './pods.js';

/** Every workload pod carries it, so one poll lists them all. */
export const WORKLOAD_SELECTOR = 'resource-slot-test=workload';
const WORKLOAD_LABELS = { 'resource-slot-test': 'workload' };

export const JOB = 'finish';
export const CRASHING = 'crash';
export const CRASH_EXIT_CODE = 3;
export const OOM = 'oom';
export const PROBED = 'probed';
export const UNHEALTHY = 'unhealthy';

/**
 * Probes run every second and act on the first failure, so a scheduled failure shows within seconds. The timeout
 * is generous: a probe is an exec through kubelet, containerd, the relay and the daemon, and on a loaded machine
 * the default 1 s would fail the passing pod's probes for reasons this case is not about.
 */
const execProbe = { exec: { command: ['check'] }, periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 5 };

export function workloadManifests(node: string): string {
  const documents = [
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: JOB, labels: WORKLOAD_LABELS },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: {
            labels: WORKLOAD_LABELS,
            annotations: { 'resource-slot.io/exit-after': '2s', 'resource-slot.io/exit-code': '0' },
          },
          spec: { ...podSpec(node, appContainer()), restartPolicy: 'Never' },
        },
      },
    },
    podManifest(CRASHING, node, {
      labels: WORKLOAD_LABELS,
      annotations: {
        'resource-slot.io/exit-after': '1s',
        'resource-slot.io/exit-code': String(CRASH_EXIT_CODE),
      },
    }),
    // 10Mi growing 40Mi a second passes the 64Mi limit after 1.35 s (docs/workload.md, OOM kills).
    podManifest(OOM, node, {
      labels: WORKLOAD_LABELS,
      annotations: { 'resource-slot.io/usage-memory': 'linear(from=10Mi, perSecond=40Mi)' },
      container: appContainer({ resources: { limits: { memory: '64Mi' } } }),
    }),
    podManifest(PROBED, node, {
      labels: WORKLOAD_LABELS,
      container: appContainer({ livenessProbe: execProbe, readinessProbe: execProbe }),
    }),
    // Every exec'd process exits 1 from 3 s after the container's start: the liveness probe fails then.
    podManifest(UNHEALTHY, node, {
      labels: WORKLOAD_LABELS,
      annotations: { 'resource-slot.io/exec-exit-code': '1', 'resource-slot.io/exec-exit-from': '3s' },
      container: appContainer({ livenessProbe: execProbe }),
    }),
  ];
  return documents.map((document) => stringify(document)).join('---\n');
}
