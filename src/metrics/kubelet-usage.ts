import type { Registry } from 'prom-client';
import type { PerScrape } from './per-scrape.js';
import { derivedLabels } from './pod-labels.js';
import type { ContainerUsage, PodRow } from './pod-walk.js';
import { ScrapedCounter, ScrapedGauge, type ScrapedValue } from './scraped-metrics.js';

const CONTAINER_LABELS = ['container', 'namespace', 'pod'] as const;
const POD_LABELS = ['namespace', 'pod'] as const;

type Amount = (usage: ContainerUsage) => number;
type Scraped = typeof ScrapedGauge | typeof ScrapedCounter;

/**
 * The kubelet's resource metrics (/metrics/resource, what metrics-server reads), from the simulated usage of every
 * running container: per container, and per pod as the sum of its running containers. Computed at scrape time
 * from the scrape's pod walk. Without the kubelet's sample timestamps: a sample is as of the scrape.
 */
export function registerKubeletUsageSeries(registry: Registry, pods: PerScrape<PodRow[]>): void {
  // The kubelet labels its series without the pod's uid.
  const kubeletPod = derivedLabels(({ namespace, pod }) => ({ namespace, pod }));
  const containerSeries = (Metric: Scraped, name: string, help: string, amount: Amount) =>
    new Metric({
      name,
      help,
      labelNames: CONTAINER_LABELS,
      registry,
      values: () => {
        const values: ScrapedValue[] = [];
        for (const { labels, containers } of pods.get()) {
          for (const { name: container, usage } of containers) {
            if (usage)
              values.push({ value: amount(usage), labels: { container }, sharedLabels: kubeletPod(labels) });
          }
        }
        return values;
      },
    });
  containerSeries(
    ScrapedCounter,
    'container_cpu_usage_seconds_total',
    'Cumulative cpu time consumed by the container in core-seconds',
    (usage) => usage.cpuSeconds,
  );
  containerSeries(
    ScrapedGauge,
    'container_memory_working_set_bytes',
    'Current working set of the container in bytes',
    (usage) => usage.workingSetBytes,
  );
  containerSeries(
    ScrapedGauge,
    'container_start_time_seconds',
    'Start time of the container since unix epoch in seconds',
    (usage) => usage.startSeconds,
  );
  const podSeries = (Metric: Scraped, name: string, help: string, amount: Amount) =>
    new Metric({
      name,
      help,
      labelNames: POD_LABELS,
      registry,
      values: () => {
        const values: ScrapedValue[] = [];
        for (const { labels, containers } of pods.get()) {
          let total = 0;
          let running = 0;
          for (const { usage } of containers) {
            if (!usage) continue;
            total += amount(usage);
            running++;
          }
          if (running > 0) values.push({ value: total, labels: {}, sharedLabels: kubeletPod(labels) });
        }
        return values;
      },
    });
  podSeries(
    ScrapedCounter,
    'pod_cpu_usage_seconds_total',
    'Cumulative cpu time consumed by the pod in core-seconds',
    (usage) => usage.cpuSeconds,
  );
  podSeries(
    ScrapedGauge,
    'pod_memory_working_set_bytes',
    'Current working set of the pod in bytes',
    (usage) => usage.workingSetBytes,
  );
}
