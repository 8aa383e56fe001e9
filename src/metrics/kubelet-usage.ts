import { Counter, Gauge, type Registry } from 'prom-client';
import type { PerScrape } from './per-scrape.js';
import type { ContainerUsage, PodRow } from './pod-walk.js';

const CONTAINER_LABELS = ['container', 'namespace', 'pod'] as const;
const POD_LABELS = ['namespace', 'pod'] as const;

type ContainerValue = (usage: ContainerUsage) => number;

/**
 * The kubelet's resource metrics (/metrics/resource, what metrics-server reads), from the simulated usage of every
 * running container: per container, and per pod as the sum of its running containers. Computed at scrape time
 * from the scrape's pod walk. Without the kubelet's sample timestamps: a sample is as of the scrape.
 */
export function registerKubeletUsageSeries(registry: Registry, pods: PerScrape<PodRow[]>): void {
  const containerSeries = (
    Metric: typeof Gauge | typeof Counter,
    name: string,
    help: string,
    value: ContainerValue,
  ) =>
    new Metric({
      name,
      help,
      labelNames: CONTAINER_LABELS,
      registers: [registry],
      collect(this: Gauge<(typeof CONTAINER_LABELS)[number]> | Counter<(typeof CONTAINER_LABELS)[number]>) {
        this.reset();
        for (const { labels, containers } of pods.get()) {
          for (const { name: container, usage } of containers) {
            if (usage) add(this, { container, namespace: labels.namespace, pod: labels.pod }, value(usage));
          }
        }
      },
    });
  containerSeries(
    Counter,
    'container_cpu_usage_seconds_total',
    'Cumulative cpu time consumed by the container in core-seconds',
    (usage) => usage.cpuSeconds,
  );
  containerSeries(
    Gauge,
    'container_memory_working_set_bytes',
    'Current working set of the container in bytes',
    (usage) => usage.workingSetBytes,
  );
  containerSeries(
    Gauge,
    'container_start_time_seconds',
    'Start time of the container since unix epoch in seconds',
    (usage) => usage.startSeconds,
  );
  const podSeries = (
    Metric: typeof Gauge | typeof Counter,
    name: string,
    help: string,
    value: ContainerValue,
  ) =>
    new Metric({
      name,
      help,
      labelNames: POD_LABELS,
      registers: [registry],
      collect(this: Gauge<(typeof POD_LABELS)[number]> | Counter<(typeof POD_LABELS)[number]>) {
        this.reset();
        for (const { labels, containers } of pods.get()) {
          const running = containers.flatMap(({ usage }) => (usage ? [value(usage)] : []));
          if (running.length === 0) continue;
          const total = running.reduce((sum, amount) => sum + amount, 0);
          add(this, { namespace: labels.namespace, pod: labels.pod }, total);
        }
      },
    });
  podSeries(
    Counter,
    'pod_cpu_usage_seconds_total',
    'Cumulative cpu time consumed by the pod in core-seconds',
    (usage) => usage.cpuSeconds,
  );
  podSeries(
    Gauge,
    'pod_memory_working_set_bytes',
    'Current working set of the pod in bytes',
    (usage) => usage.workingSetBytes,
  );
}

/** Sets a gauge; a counter, just reset, is brought to the value by one increment (prom-client has no set). */
function add<T extends string>(
  metric: Gauge<T> | Counter<T>,
  labels: Partial<Record<T, string>>,
  value: number,
): void {
  if (metric instanceof Gauge) metric.set(labels, value);
  else metric.inc(labels, value);
}
