/**
 * The kubelet figure's arithmetic, pure: what each component cost between two snapshots, per added pod, idle
 * CPU in cores, memory per pod at Kuasar's steps, and a latency CDF.
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
