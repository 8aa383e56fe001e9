/** Waits for what the apiserver reports once the components are up: every node Ready, the metrics APIService. */
import type { Kubectl } from './kubectl.js';
import type { ClusterLayout } from './layout.js';
import { METRICS_API_SERVICE } from './manifests.js';
import type { Progress } from './progress.js';
import { apiServiceProblem, nodesReady } from './readiness.js';
import { checkInterrupted } from './wait-healthy.js';
import { waitUntil } from './wait.js';

/** Generous bounds for a loaded 2-core machine (20 nodes are Ready in about 20 s). */
const NODES_READY_TIMEOUT_MS = 120_000;
const API_SERVICE_TIMEOUT_MS = 90_000;

export async function waitNodesReady(
  layout: ClusterLayout,
  kubectl: Kubectl,
  progress: Progress,
  interrupted: AbortSignal,
): Promise<void> {
  const names = layout.nodes.map((node) => node.name);
  progress('nodes', 'waiting for Ready', names.join(', '));
  let seen = new Map<string, string>();
  await waitUntil(
    async () => {
      checkInterrupted(interrupted);
      const listed = await kubectl.run(['get', 'nodes', '-o', 'json']);
      if (listed.code !== 0) return undefined;
      seen = nodesReady(listed.stdout);
      return names.every((name) => seen.get(name) === 'True') ? true : undefined;
    },
    {
      timeoutMs: NODES_READY_TIMEOUT_MS,
      intervalMs: 500,
      describe: () =>
        `nodes not Ready: ${names
          .filter((name) => seen.get(name) !== 'True')
          .map((name) => `${name} (${seen.get(name) ?? 'not registered'})`)
          .join(', ')}; see the kubelet logs in ${layout.logsDir}`,
    },
  );
  progress('nodes', 'ready', `${names.length} Ready`);
}

export async function waitApiService(
  kubectl: Kubectl,
  progress: Progress,
  interrupted: AbortSignal,
): Promise<void> {
  progress(METRICS_API_SERVICE, 'waiting for health', 'APIService Available');
  let last: string | undefined = 'not asked yet';
  await waitUntil(
    async () => {
      checkInterrupted(interrupted);
      const got = await kubectl.run(['get', 'apiservice', METRICS_API_SERVICE, '-o', 'json']);
      last = got.code === 0 ? apiServiceProblem(got.stdout) : got.stderr.trim();
      return last === undefined ? true : undefined;
    },
    {
      timeoutMs: API_SERVICE_TIMEOUT_MS,
      intervalMs: 1_000,
      describe: () => `APIService ${METRICS_API_SERVICE}: ${last}`,
    },
  );
  progress(METRICS_API_SERVICE, 'ready');
}
