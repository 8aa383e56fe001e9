/**
 * How many nodes fit a memory budget, computed (never run) from the one-node cluster's idle windows: a node's
 * memory and idle CPU at P pods, and the control plane's memory with all the cluster's pods, each read off the
 * measured points, linear between them and, beyond the last, along the last segment. A pod costs more among the
 * first hundred than later (fixed overheads warming up), so one straight line from zero to a thousand would flatter
 * small nodes. Pure; the report renders it, so a results file can be rendered again after a change here.
 */
import type { ClusterPart } from '../figures/kubelet.js';
import { idleCores, scopeTotal, type IdleWindow } from './costs.js';

export const FIT_BUDGET_BYTES = 24 * 2 ** 30;
export const FIT_PODS_PER_NODE = [110, 500, 1_000];
/** A bound on the search: a model that never runs out of memory must not loop forever. */
const MAX_NODES = 100_000;

/** One idle window as the model uses it. */
export interface CostPoint {
  podsPerNode: number;
  /** One node's processes (kubelet, containerd, daemon, relay), and its idle CPU in cores. */
  nodeBytes: number;
  nodeCores: number;
  /** Every pod of the cluster, and the control plane's memory with them. */
  clusterPods: number;
  controlPlaneBytes: number;
}

export function costPoints(windows: IdleWindow[]): CostPoint[] {
  return windows
    .map((window) => ({
      podsPerNode: window.pods / window.nodes,
      nodeBytes: scopeTotal(window.components, 'node').rssAfterBytes / window.nodes,
      nodeCores: idleCores(window, 'node'),
      clusterPods: window.pods,
      controlPlaneBytes: scopeTotal(window.components, 'control plane').rssAfterBytes,
    }))
    .sort((a, b) => a.podsPerNode - b.podsPerNode);
}

/** y at x on the line through the points (sorted by x), the last segment extended beyond the last point. */
export function interpolate(points: { x: number; y: number }[], x: number): number {
  const first = points[0];
  if (!first) throw new Error('no point to interpolate between');
  if (points.length === 1) return first.y;
  let segment = points.findIndex((point, index) => index > 0 && x <= point.x);
  if (segment < 0) segment = points.length - 1;
  const from = points[segment - 1] ?? first;
  const to = points[segment] ?? first;
  return from.y + ((x - from.x) * (to.y - from.y)) / (to.x - from.x);
}

// Extended beyond the last point, a falling segment (noise in a short window) would reach below zero.
const nodeBytes = (points: CostPoint[], podsPerNode: number) =>
  nonNegative(
    points.map((point) => ({ x: point.podsPerNode, y: point.nodeBytes })),
    podsPerNode,
  );
const nodeCores = (points: CostPoint[], podsPerNode: number) =>
  nonNegative(
    points.map((point) => ({ x: point.podsPerNode, y: point.nodeCores })),
    podsPerNode,
  );
const controlPlaneBytes = (points: CostPoint[], clusterPods: number) =>
  nonNegative(
    points.map((point) => ({ x: point.clusterPods, y: point.controlPlaneBytes })),
    clusterPods,
  );

const nonNegative = (points: { x: number; y: number }[], x: number) => Math.max(0, interpolate(points, x));

/** The memory of `nodes` nodes of `podsPerNode` pods and their control plane, by the model. */
export function clusterBytes(points: CostPoint[], nodes: number, podsPerNode: number): number {
  return controlPlaneBytes(points, nodes * podsPerNode) + nodes * nodeBytes(points, podsPerNode);
}

export interface FitRow {
  podsPerNode: number;
  /** One node with its pods (its processes; the control plane apart). */
  bytesPerNode: number;
  nodes: number;
  pods: number;
  /** What those nodes would use in CPU while idle with their pods, in cores. */
  idleCores: number;
}

/** The most nodes of each size whose cluster stays within `budgetBytes`. */
export function fitRows(points: CostPoint[], budgetBytes: number, podsPerNode: number[]): FitRow[] {
  return podsPerNode.map((pods) => {
    let nodes = 0;
    while (nodes < MAX_NODES && clusterBytes(points, nodes + 1, pods) <= budgetBytes) nodes++;
    return {
      podsPerNode: pods,
      bytesPerNode: Math.round(nodeBytes(points, pods)),
      nodes,
      pods: nodes * pods,
      idleCores: Math.round(nodes * nodeCores(points, pods) * 100) / 100,
    };
  });
}

export interface FitTable {
  points: CostPoint[];
  budgetBytes: number;
  rows: FitRow[];
  /** The model against the multi-node cluster's own last idle window, when that part got as far. */
  check?: { nodes: number; podsPerNode: number; modelBytes: number; measuredBytes: number };
}

export function fitTable(oneNode: ClusterPart, multiNode: ClusterPart): FitTable | { unavailable: string } {
  const points = costPoints(oneNode.idle);
  if (points.length < 2)
    return { unavailable: 'the one-node part measured no idle window with pods running' };
  const table: FitTable = {
    points,
    budgetBytes: FIT_BUDGET_BYTES,
    rows: fitRows(points, FIT_BUDGET_BYTES, FIT_PODS_PER_NODE),
  };
  const measured = multiNode.idle.at(-1);
  if (measured && measured.pods > 0) {
    const podsPerNode = measured.pods / measured.nodes;
    table.check = {
      nodes: measured.nodes,
      podsPerNode,
      modelBytes: Math.round(clusterBytes(points, measured.nodes, podsPerNode)),
      measuredBytes:
        scopeTotal(measured.components, 'node').rssAfterBytes +
        scopeTotal(measured.components, 'control plane').rssAfterBytes,
    };
  }
  return table;
}
