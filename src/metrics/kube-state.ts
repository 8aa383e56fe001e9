import type { Registry } from 'prom-client';
import type { PerScrape } from './per-scrape.js';
import { derivedLabels } from './pod-labels.js';
import type { PodRow } from './pod-walk.js';
import { limitsOf, requestsOf, type ResourceAmount } from './resource-amounts.js';
import { ScrapedGauge, type ScrapedValue } from './scraped-metrics.js';
import type { ResourceInfo } from '../resources/types.js';

const CONTAINER_LABELS = ['namespace', 'pod', 'uid', 'container', 'node', 'resource', 'unit'] as const;
const POD_LABELS = ['namespace', 'pod', 'uid'] as const;

/**
 * kube-state-metrics' series of what pods declare, named and labelled as kube-state-metrics v2 writes them:
 * requests and limits per container, overhead per pod. Computed at scrape time from the scrape's pod walk.
 */
export function registerKubeStateSeries(
  registry: Registry,
  pods: PerScrape<PodRow[]>,
  nodeName: string,
): void {
  const onNode = derivedLabels((pod) => ({ ...pod, node: nodeName }));
  const containerSeries = (name: string, help: string, amounts: (info: ResourceInfo) => ResourceAmount[]) =>
    new ScrapedGauge({
      name,
      help,
      labelNames: CONTAINER_LABELS,
      registry,
      values: () => {
        const values: ScrapedValue[] = [];
        for (const { labels, containers } of pods.get()) {
          const sharedLabels = onNode(labels);
          for (const { name: container, resources } of containers) {
            for (const { resource, unit, value } of amounts(resources)) {
              values.push({ value, labels: { container, resource, unit }, sharedLabels });
            }
          }
        }
        return values;
      },
    });
  containerSeries(
    'kube_pod_container_resource_requests',
    'The resources a container requests (cpu in cores, memory in bytes), as kube-state-metrics reports them.',
    requestsOf,
  );
  containerSeries(
    'kube_pod_container_resource_limits',
    'The resources a container is limited to (cpu in cores, memory and ephemeral storage in bytes), as kube-state-metrics reports them.',
    limitsOf,
  );
  const overheadSeries = (name: string, help: string, amount: (row: PodRow) => number | null) =>
    new ScrapedGauge({
      name,
      help,
      labelNames: POD_LABELS,
      registry,
      values: () =>
        pods.get().flatMap((row) => {
          const value = amount(row);
          return value === null ? [] : [{ value, labels: {}, sharedLabels: row.labels }];
        }),
    });
  // CRI carries the pod's overhead as resources (shares and quota); Kubernetes has one amount for both.
  overheadSeries(
    'kube_pod_overhead_cpu_cores',
    'The pod overhead in cpu cores (PodSandboxConfig.linux.overhead).',
    ({ overhead }) => overhead?.cpu_request ?? overhead?.cpu_limit ?? null,
  );
  overheadSeries(
    'kube_pod_overhead_memory_bytes',
    'The pod overhead in memory bytes (PodSandboxConfig.linux.overhead).',
    ({ overhead }) => overhead?.memory_limit ?? null,
  );
}
