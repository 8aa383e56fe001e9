/** Inspect's History (docs/history.md): the request checked, the history read, the answer encoded. */
import type { Registries } from '../../machines/registries.js';
import { FailedPreconditionError } from '../core/errors.js';
import type { HistoryRequest, HistoryResponse, UsageSeries } from '../generated/resourceslot/v1/inspect.js';
import { historyView, type SeriesView } from '../history/history-view.js';
import type { UsageHistory } from '../history/usage-history.js';
import { validateId } from '../sandbox/ids.js';

export interface HistoryDeps {
  /** undefined when the daemon keeps none (--history-length 0). */
  history: UsageHistory | undefined;
  registries: Registries;
}

const seriesOf = ({ first, cpuMillicores, memoryWorkingSetBytes }: SeriesView): UsageSeries => ({
  first,
  cpuMillicores,
  memoryWorkingSetBytes,
});

export function historyHandler({ history, registries }: HistoryDeps) {
  return async (request: HistoryRequest): Promise<HistoryResponse> => {
    if (!history)
      throw new FailedPreconditionError('the daemon keeps no usage history: it runs with --history-length 0');
    const { sandboxId, containerId, containers, since } = request;
    if (sandboxId !== '') validateId(sandboxId, 'sandbox_id');
    if (containerId !== '') validateId(containerId, 'container_id');
    const view = historyView(history, registries, {
      sandboxId,
      containerId,
      containers,
      sinceMs: since ? since.seconds * 1000 + since.nanos / 1e6 : null,
    });
    const { node, allocatable } = view;
    return {
      resolutionMillis: view.resolutionMs,
      length: view.length,
      timesMillis: view.timesMs,
      pods: view.pods.map((pod) => ({
        sandboxId: pod.sandboxId,
        name: pod.name,
        namespace: pod.namespace,
        state: pod.state,
        usage: seriesOf(pod.usage),
        containers: pod.containers.map((container) => ({
          containerId: container.containerId,
          name: container.name,
          state: container.state,
          usage: seriesOf(container.usage),
        })),
      })),
      node: {
        cpuUsedMillicores: node.cpuUsedMillicores,
        memoryUsedBytes: node.memoryUsedBytes,
        cpuRequestsMillis: node.cpuRequestsMillis,
        cpuLimitsMillis: node.cpuLimitsMillis,
        memoryRequestsBytes: node.memoryRequestsBytes,
        memoryLimitsBytes: node.memoryLimitsBytes,
        pods: node.pods,
        cpuAllocatableMillis: allocatable.cpu,
        memoryAllocatableBytes: allocatable.memory,
        podsAllocatable: allocatable.pods,
      },
    };
  };
}
