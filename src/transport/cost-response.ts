import type { CostReport, GroupCost } from '../cost/report.js';
import type { CostResponse, GroupCost as GroupMessage } from '../generated/resourceslot/v1/planning.js';
import { toTimestamp } from '../sandbox/time.js';

const groupOf = ({ name, resources, total }: GroupCost): GroupMessage => ({ name, resources, total });

export function costResponseOf(report: CostReport): CostResponse {
  return {
    currency: report.currency,
    start: toTimestamp(report.window.start),
    end: toTimestamp(report.window.end),
    hours: report.hours,
    pods: report.pods.map((pod) => ({
      sandboxId: pod.sandboxId,
      name: pod.name,
      namespace: pod.namespace,
      start: toTimestamp(pod.span.start),
      end: toTimestamp(pod.span.end),
      hours: pod.hours,
      containers: pod.containers.map((container) => ({
        containerId: container.id,
        name: container.name,
        start: toTimestamp(container.span.start),
        end: toTimestamp(container.span.end),
        hours: container.hours,
        resources: container.resources,
        total: container.total,
      })),
      resources: pod.resources,
      total: pod.total,
    })),
    namespaces: report.namespaces.map(groupOf),
    allocated: groupOf(report.allocated),
    idle: groupOf(report.idle),
    allocatable: groupOf(report.allocatable),
    unpriced: report.unpriced,
    notes: report.notes,
  };
}
