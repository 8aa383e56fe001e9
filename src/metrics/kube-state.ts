import { Gauge, type Registry } from 'prom-client';
import type { PerScrape } from './per-scrape.js';
import type { PodRow } from './pod-walk.js';
import { limitsOf, requestsOf, type ResourceAmount } from './resource-amounts.js';
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
  const containerSeries = (name: string, help: string, amounts: (info: ResourceInfo) => ResourceAmount[]) =>
    new Gauge({
      name,
      help,
      labelNames: CONTAINER_LABELS,
      registers: [registry],
      collect() {
        this.reset();
        for (const { labels, containers } of pods.get()) {
          for (const { name: container, resources } of containers) {
            for (const { resource, unit, value } of amounts(resources)) {
              this.set({ ...labels, container, node: nodeName, resource, unit }, value);
            }
          }
        }
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
    new Gauge({
      name,
      help,
      labelNames: POD_LABELS,
      registers: [registry],
      collect() {
        this.reset();
        for (const row of pods.get()) {
          const value = amount(row);
          if (value !== null) this.set(row.labels, value);
        }
      },
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
