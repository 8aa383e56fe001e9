/**
 * What the history holds, read for a client (Inspect's History, the debug page's /api/history): the pass times,
 * each live pod's series (and its containers', when asked) with its name, namespace and state, the node's totals
 * and its allocatable. Only ended passes are read; a pod or container live now but not yet sampled has empty series.
 */
import type { Registries } from '../../machines/registries.js';
import { criContainerNameOf } from '../containers/cri-annotations.js';
import { NotFoundError } from '../core/errors.js';
import type { Allowance } from '../node/fit.js';
import { podIdentityOf } from '../workload/sampler.js';
import type { NodeSeries } from './node-ring.js';
import type { UsageHistory } from './usage-history.js';
import type { UsageRing } from './usage-ring.js';

export interface HistoryQuery {
  /** '' for every live pod. */
  sandboxId: string;
  /** '' for none, or every one with `containers`; otherwise that one only (and its pod). */
  containerId: string;
  containers: boolean;
  /** Only passes after this time (epoch ms); null for every pass held. */
  sinceMs: number | null;
}

/** A series' values start at `first`, an index into HistoryView.timesMs: it was first sampled then. */
export interface SeriesView {
  first: number;
  cpuMillicores: number[];
  memoryWorkingSetBytes: number[];
}

export interface ContainerHistoryView {
  containerId: string;
  name: string;
  state: string;
  usage: SeriesView;
}

export interface PodHistoryView {
  sandboxId: string;
  name: string;
  namespace: string;
  state: string;
  usage: SeriesView;
  containers: ContainerHistoryView[];
}

export interface HistoryView {
  resolutionMs: number;
  length: number;
  /** When each pass was taken, oldest first. */
  timesMs: number[];
  pods: PodHistoryView[];
  node: NodeSeries;
  allocatable: Allowance;
}

export function historyView(history: UsageHistory, registries: Registries, query: HistoryQuery): HistoryView {
  const { times } = history;
  const from = query.sinceMs === null ? times.oldestTick : times.firstTickAfter(query.sinceMs);
  const to = times.newestTick;
  const timesMs: number[] = [];
  for (let tick = from; tick <= to; tick++) timesMs.push(times.timeOf(tick));
  const series = (ring: UsageRing | undefined): SeriesView => {
    if (!ring) return { first: timesMs.length, cpuMillicores: [], memoryWorkingSetBytes: [] };
    const values = ring.read(from, to);
    return {
      first: values.firstTick - from,
      cpuMillicores: values.cpuMillicores,
      memoryWorkingSetBytes: values.memoryBytes,
    };
  };
  const wanted = selection(registries, query);
  const pods = wanted.map(({ sandboxId, containerIds }): PodHistoryView => {
    const snapshot = registries.sandboxes.get(sandboxId)?.getSnapshot();
    const identity = snapshot ? podIdentityOf(snapshot.context.record) : { name: '', namespace: '' };
    return {
      sandboxId,
      ...identity,
      state: snapshot?.value ?? '',
      usage: series(history.pod(sandboxId)),
      containers: containerIds.map((containerId) => {
        const container = registries.containers.get(containerId)?.getSnapshot();
        return {
          containerId,
          name: container ? criContainerNameOf(container.context.record) : '',
          state: container?.value ?? '',
          usage: series(history.container(containerId)),
        };
      }),
    };
  });
  return {
    resolutionMs: history.settings.resolutionMs,
    length: history.settings.length,
    timesMs,
    pods,
    node: history.node.read(from, to),
    allocatable: history.allocatable,
  };
}

/** The pods asked for, each with the containers asked for; NotFound naming the field of an id that is not live. */
function selection(
  registries: Registries,
  { sandboxId, containerId, containers }: HistoryQuery,
): Array<{ sandboxId: string; containerIds: string[] }> {
  if (containerId !== '') {
    const container = registries.containers.get(containerId)?.getSnapshot();
    if (!container)
      throw new NotFoundError(`container_id: no live container has id ${JSON.stringify(containerId)}`);
    const owner = container.context.sandboxId;
    if (sandboxId !== '' && sandboxId !== owner)
      throw new NotFoundError(
        `container_id: container ${JSON.stringify(containerId)} is not in sandbox ${JSON.stringify(sandboxId)}`,
      );
    return [{ sandboxId: owner, containerIds: [containerId] }];
  }
  if (sandboxId !== '' && !registries.sandboxes.get(sandboxId))
    throw new NotFoundError(`sandbox_id: no live sandbox has id ${JSON.stringify(sandboxId)}`);
  const ids = sandboxId !== '' ? [sandboxId] : [...registries.sandboxes.ids()];
  return ids.map((id) => ({ sandboxId: id, containerIds: containers ? registries.containerIdsOf(id) : [] }));
}
