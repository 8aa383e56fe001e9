/**
 * The kubelet figure's arithmetic, pure: what each component cost between two snapshots, per added pod, idle
 * CPU in cores, memory per pod at Kuasar's steps, a latency CDF, and how many nodes fit a memory budget.
 */
import { percentile, round } from '../stats.js';
import { CONTROL_PLANE, NODE_COMPONENTS, type Component, type Snapshot } from './components.js';

export interface ComponentCost {
  component: Component;
  /** How many processes (one per node for a node component). */
  processes: number;
  /** CPU over the interval, all its processes together. */
  cpuSeconds: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
}

export const isNodeComponent = (component: Component): boolean =>
  (NODE_COMPONENTS as readonly string[]).includes(component);

/** Each component's cost from `before` to `after`, control plane first, in a fixed order. */
export function componentCosts(before: Snapshot, after: Snapshot): ComponentCost[] {
  const cpuBefore = new Map(before.processes.map((reading) => [reading.pid, reading.cpuSeconds]));
  return [...CONTROL_PLANE, ...NODE_COMPONENTS].flatMap((component): ComponentCost[] => {
    const now = after.processes.filter((reading) => reading.component === component);
    if (now.length === 0) return [];
    const then = before.processes.filter((reading) => reading.component === component);
    return [
      {
        component,
        processes: now.length,
        cpuSeconds: round(
          now.reduce((sum, reading) => sum + reading.cpuSeconds - (cpuBefore.get(reading.pid) ?? 0), 0),
          2,
        ),
        rssBeforeBytes: then.reduce((sum, reading) => sum + reading.rssBytes, 0),
        rssAfterBytes: now.reduce((sum, reading) => sum + reading.rssBytes, 0),
      },
    ];
  });
}

export interface ScopeTotal {
  cpuSeconds: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
}

/** The node components together (every node), or the control plane's. */
export function scopeTotal(costs: ComponentCost[], scope: 'node' | 'control plane'): ScopeTotal {
  const chosen = costs.filter((cost) => isNodeComponent(cost.component) === (scope === 'node'));
  return {
    cpuSeconds: round(
      chosen.reduce((sum, cost) => sum + cost.cpuSeconds, 0),
      2,
    ),
    rssBeforeBytes: chosen.reduce((sum, cost) => sum + cost.rssBeforeBytes, 0),
    rssAfterBytes: chosen.reduce((sum, cost) => sum + cost.rssAfterBytes, 0),
  };
}

/** The ResourceSlot processes alone (daemon and relay), as Kuasar counts its sandboxer alone. */
export function resourceSlotRss(costs: ComponentCost[]): number {
  return costs
    .filter((cost) => cost.component === 'ResourceSlot daemon' || cost.component === 'task relay')
    .reduce((sum, cost) => sum + cost.rssAfterBytes, 0);
}

/** Memory a pod added: (now − idle) / pods; null for no pods. */
export function bytesPerPod(nowBytes: number, idleBytes: number, pods: number): number | null {
  return pods > 0 ? Math.round((nowBytes - idleBytes) / pods) : null;
}

/** The percentiles a CDF row shows: p0 (the fastest), p10, …, p100 (the slowest). */
export const CDF_PERCENTILES = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] as const;

/** Nearest-rank percentiles of `values` at CDF_PERCENTILES. */
export function cdf(values: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return CDF_PERCENTILES.map((at) => percentile(sorted, at / 100));
}

/** What the 24-GiB table is computed from, every term measured (see fitModel). */
export interface FitModel {
  controlPlaneIdleBytes: number;
  controlPlanePerPodBytes: number;
  nodeIdleBytes: number;
  nodePerPodBytes: number;
  nodeIdleCores: number;
  nodePerPodCores: number;
}

/** What one idle window measured: every component's CPU over `seconds` and its memory, with `pods` running. */
export interface IdleWindow {
  nodes: number;
  pods: number;
  seconds: number;
  components: ComponentCost[];
}

/** Cores a scope used over an idle window, per node for the node components. */
export function idleCores(window: IdleWindow, scope: 'node' | 'control plane'): number {
  const cores = scopeTotal(window.components, scope).cpuSeconds / window.seconds;
  return scope === 'node' ? cores / window.nodes : cores;
}

/**
 * The cost model: the control plane's and one node's memory and idle CPU with no pods (`empty`), and what each pod
 * adds, from the same cluster with `loaded.pods` pods (a per-pod cost below zero counts as zero).
 */
export function fitModel(empty: IdleWindow, loaded: IdleWindow): FitModel {
  const rss = (window: IdleWindow, scope: 'node' | 'control plane') =>
    scopeTotal(window.components, scope).rssAfterBytes;
  const perPod = (loadedTotal: number, idleTotal: number) =>
    Math.max(0, (loadedTotal - idleTotal) / loaded.pods);
  const nodeIdleBytes = rss(empty, 'node') / empty.nodes;
  const controlPlaneIdleBytes = rss(empty, 'control plane');
  const nodeIdleCores = idleCores(empty, 'node');
  return {
    controlPlaneIdleBytes,
    controlPlanePerPodBytes: Math.round(perPod(rss(loaded, 'control plane'), controlPlaneIdleBytes)),
    nodeIdleBytes: Math.round(nodeIdleBytes),
    nodePerPodBytes: Math.round(perPod(rss(loaded, 'node'), nodeIdleBytes * loaded.nodes)),
    nodeIdleCores: round(nodeIdleCores, 4),
    nodePerPodCores: round(perPod(idleCores(loaded, 'node') * loaded.nodes, nodeIdleCores * loaded.nodes), 7),
  };
}

export interface FitRow {
  podsPerNode: number;
  /** One node with its pods, and what its pods add to the control plane. */
  bytesPerNode: number;
  nodes: number;
  pods: number;
  /** What those nodes would use in CPU while idle with their pods, in cores. */
  idleCores: number;
}

/** Memory of a cluster of `nodes` nodes of `podsPerNode` pods by the model. */
export function modelBytes(model: FitModel, nodes: number, podsPerNode: number): number {
  return model.controlPlaneIdleBytes + nodes * nodeBytes(model, podsPerNode);
}

const nodeBytes = (model: FitModel, podsPerNode: number): number =>
  model.nodeIdleBytes + podsPerNode * (model.nodePerPodBytes + model.controlPlanePerPodBytes);

/** How many nodes of each size fit `budgetBytes` beside one control plane. */
export function fitRows(model: FitModel, budgetBytes: number, podsPerNode: number[]): FitRow[] {
  return podsPerNode.map((pods) => {
    const bytesPerNode = Math.round(nodeBytes(model, pods));
    const nodes = Math.max(0, Math.floor((budgetBytes - model.controlPlaneIdleBytes) / bytesPerNode));
    return {
      podsPerNode: pods,
      bytesPerNode,
      nodes,
      pods: nodes * pods,
      idleCores: round(nodes * (model.nodeIdleCores + pods * model.nodePerPodCores), 2),
    };
  });
}
