/**
 * The usage model's samples of a pod and its containers as the Inspect service reports them (Usage, and summed for
 * Node): each container's sample with its CPU rate over the last window, the pod's live containers added up.
 */
import type { Actor } from 'xstate';
import type { Registries } from '../../machines/registries.js';
import type { SupervisorMachine, UsageView } from '../../machines/supervisor.machine.js';
import { NotFoundError } from '../core/errors.js';
import type {
  ContainerUsage,
  PodUsage,
  UsageSample as UsageMessage,
} from '../generated/resourceslot/v1/inspect.js';
import { sumSamples, type UsageSample } from '../workload/index.js';
import type { UsageSampler } from '../workload/sampler.js';
import { ask } from './ask.js';

/** Usage's cpu_cores is the average rate over the last second, as `crictl stats` samples for a second by default. */
export const USAGE_CPU_WINDOW_MS = 1000;

type Json = { [key: string]: unknown };
const object = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export interface PodUsageDeps {
  supervisor: Actor<SupervisorMachine>;
  registries: Registries;
  usage: UsageSampler;
}

export function usageMessage(sample: UsageSample, cores: number): UsageMessage {
  return {
    cpuCores: cores,
    cpuUsageUsec: sample.cpuUsageUsec,
    memoryUsageBytes: sample.memoryUsageBytes,
    memoryWorkingSetBytes: Math.max(0, sample.memoryUsageBytes - sample.memoryInactiveFileBytes),
    memoryLimitBytes: sample.memoryLimitBytes,
    pids: sample.pidsCurrent,
  };
}

export function podUsageReader({ supervisor, registries, usage }: PodUsageDeps) {
  /**
   * A container's sample with its CPU rate over the window ending now (0 unless its process exists). The clock is
   * read here, synchronously with both samples, so the span matches the samples to the clock's millisecond.
   */
  function containerUsage(view: UsageView): { sample: UsageSample; cores: number } {
    const now = usage.now();
    const sample = usage.sample(view);
    const { startedAt } = view.container;
    if (!view.live || startedAt === null) return { sample, cores: 0 };
    const spanMs = now - Math.max(startedAt, now - USAGE_CPU_WINDOW_MS);
    if (spanMs <= 0) return { sample, cores: 0 };
    const earlier = usage.sampleBefore(view, USAGE_CPU_WINDOW_MS);
    return { sample, cores: Math.max(0, sample.cpuUsageUsec - earlier.cpuUsageUsec) / (spanMs * 1000) };
  }

  async function podUsage(sandboxId: string): Promise<PodUsage> {
    const { sandbox, containers: views } = await ask(supervisor, 'sandbox.metrics', { sandboxId });
    const metadata = object(object(sandbox.context.record['config'])['metadata']);
    const live: Array<{ sample: UsageSample; cores: number }> = [];
    const containers = views.map((view): ContainerUsage => {
      const measured = containerUsage(view);
      if (view.live) live.push(measured);
      const { id, record } = view.container;
      return {
        containerId: id,
        name: text(object(record['cri'])['containerName']),
        state: registries.containers.get(id)?.getSnapshot().value ?? '',
        live: view.live,
        usage: usageMessage(measured.sample, measured.cores),
      };
    });
    const cores = live.reduce((sum, { cores }) => sum + cores, 0);
    return {
      sandboxId,
      name: text(metadata['name']),
      namespace: text(metadata['namespace']),
      state: sandbox.state,
      usage: usageMessage(
        sumSamples(
          live.map(({ sample }) => sample),
          usage.nodeMemoryBytes,
        ),
        cores,
      ),
      containers,
    };
  }

  /** Every live pod's usage; a sandbox removed between the listing and its turn is left out, not an error. */
  async function allPods(): Promise<PodUsage[]> {
    const pods = await Promise.all(
      [...registries.sandboxes.ids()].map((id) =>
        podUsage(id).catch((error: unknown) => {
          if (error instanceof NotFoundError) return null;
          throw error;
        }),
      ),
    );
    return pods.filter((pod): pod is PodUsage => pod !== null);
  }

  return { podUsage, allPods };
}
