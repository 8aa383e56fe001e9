import { Gauge, type Registry } from 'prom-client';
import type { NodeCapacitySource } from './node-capacity.js';
import { sanitizedResourceName, unitOf } from './resource-amounts.js';

const NODE_LABELS = ['node', 'resource', 'unit'] as const;

/** kube-state-metrics' node capacity and allocatable series, read from `source` at each scrape. */
export function registerNodeStatusSeries(
  registry: Registry,
  source: NodeCapacitySource,
  nodeName: string,
): void {
  const series = (name: string, help: string, read: () => Record<string, number>) =>
    new Gauge({
      name,
      help,
      labelNames: NODE_LABELS,
      registers: [registry],
      collect() {
        this.reset();
        for (const [name, value] of Object.entries(read())) {
          const resource = sanitizedResourceName(name);
          this.set({ node: nodeName, resource, unit: unitOf(resource) }, value);
        }
      },
    });
  series('kube_node_status_capacity', 'The capacity for different resources of a node.', () =>
    source.capacity(),
  );
  series(
    'kube_node_status_allocatable',
    'The allocatable for different resources of a node that are available for scheduling.',
    () => source.allocatable(),
  );
}
