/**
 * N pods of two containers each, created through containerd with crictl as a kubelet would (RunPodSandbox, then
 * CreateContainer and StartContainer for each container), `concurrency` pods in flight, every crictl call timed.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Stack } from '../../containerd/stack.js';
import { IMAGE } from '../../containerd/stack.js';
import { LatencyRecorder, type LatencySummary } from '../stats.js';

export const CONTAINERS_PER_POD = 2;

export interface WaveResult {
  pods: number;
  /** From the first RunPodSandbox until every container is started. */
  seconds: number;
  /** Each crictl call's wall time as crictl sees it (process start included), by CRI method. */
  latency: Record<'RunPodSandbox' | 'CreateContainer' | 'StartContainer', LatencySummary>;
}

/** A host-network pod (no CNI needed) whose two containers ask for 100m and 64Mi each. */
function podConfig(tmp: string, index: number): object {
  const name = `bench-${index}`;
  return {
    metadata: { name, namespace: 'bench', uid: `${name}-uid`, attempt: 0 },
    log_directory: path.join(tmp, 'pod-logs', name),
    labels: { app: 'bench' },
    linux: {
      security_context: { namespace_options: { network: 2 } },
      resources: {
        cpu_shares: 204,
        cpu_quota: 20_000,
        cpu_period: 100_000,
        memory_limit_in_bytes: 128 * 2 ** 20,
      },
    },
  };
}

function containerConfig(name: string): object {
  return {
    metadata: { name },
    image: { image: IMAGE },
    log_path: `${name}.log`,
    linux: {
      resources: {
        cpu_shares: 102,
        cpu_quota: 10_000,
        cpu_period: 100_000,
        memory_limit_in_bytes: 64 * 2 ** 20,
      },
    },
  };
}

/** Creates and starts the pods; throws naming the first crictl call that failed, with its error. */
export async function runWave(
  stack: Stack,
  pods: number,
  concurrency: number,
  runtimeHandler: string,
): Promise<WaveResult> {
  const latency = new LatencyRecorder();
  const containers = Array.from({ length: CONTAINERS_PER_POD }, (_, index) =>
    stack.writeJson(`container-${index}.json`, containerConfig(`app-${index}`)),
  );
  const timed = async (method: string, ...args: string[]): Promise<string> => {
    const started = performance.now();
    const result = await stack.crictl(...args);
    if (result.code !== 0)
      throw new Error(`crictl ${args.join(' ')} (${method}) exited ${result.code}: ${result.stderr.trim()}`);
    latency.record(method, (performance.now() - started) * 1000);
    return result.stdout.trim();
  };
  const onePod = async (index: number): Promise<void> => {
    const pod = stack.writeJson(`pod-${index}.json`, podConfig(stack.tmp, index));
    const runtime = runtimeHandler === '' ? [] : ['--runtime', runtimeHandler];
    const podId = await timed('RunPodSandbox', 'runp', ...runtime, pod);
    for (const container of containers) {
      const containerId = await timed('CreateContainer', 'create', podId, container, pod);
      await timed('StartContainer', 'start', containerId);
    }
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pods) await onePod(next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, pods) }, worker));
  const seconds = (performance.now() - started) / 1000;
  const running = (await stack.crictlOk('ps', '-q', '--state', 'Running')).split('\n').filter(Boolean).length;
  if (running !== pods * CONTAINERS_PER_POD)
    throw new Error(`${running} containers Running after the wave, expected ${pods * CONTAINERS_PER_POD}`);
  const { methods } = latency.summaries();
  const pick = (method: string): LatencySummary => {
    const summary = methods[method];
    if (!summary) throw new Error(`no ${method} call was timed`);
    return summary;
  };
  return {
    pods,
    seconds,
    latency: {
      RunPodSandbox: pick('RunPodSandbox'),
      CreateContainer: pick('CreateContainer'),
      StartContainer: pick('StartContainer'),
    },
  };
}
