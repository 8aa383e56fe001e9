/**
 * How many pods asking for the same requests the node has room for, resource by resource, in kubelet's units
 * (millicores for cpu, whole units otherwise) and by its rule (src/node/fit.ts): a resource the pod asks for is
 * short when the request is above allocatable − allocated. The smallest room binds; the first pod beyond it gets
 * kubelet's refusal, checked in kubelet's order (pods, cpu, memory, then the rest by name).
 */
import { millisOf, unitsOf } from '../node/amounts.js';
import { kubeletMessage, reasonOf } from '../node/fit.js';
import { CPU, MEMORY, PODS } from '../node/resource-names.js';
import type { Requests } from './pod-requests.js';

/** Resource name → amount in kubelet's units. */
export type Units = ReadonlyMap<string, number>;

export interface PlanNode {
  allocatable: Units;
  /** What the pods already admitted hold (pods counted). */
  allocated: Units;
}

export interface RoomRow {
  resource: string;
  allocatable: number;
  allocated: number;
  perPod: number;
  /** Pods this resource alone leaves room for; -1 when the pod asks for none of it. */
  room: number;
}

export interface PlanFit {
  rows: RoomRow[];
  /** How many pods fit now, whatever the replicas asked. */
  fit: number;
  binding: string;
  /** kubelet's refusal of pod number fit + 1 ("" when `replicas` fit). */
  refusal: string;
}

const KUBELET_ORDER = [PODS, CPU, MEMORY];

/** A request in kubelet's units: millicores for cpu (rounded up, as MilliValue), whole units for the rest. */
export const kubeletUnits = (resource: string, nanos: bigint): number =>
  resource === CPU ? millisOf(nanos) : unitsOf(nanos);

function perPodUnits(requests: Requests): Map<string, number> {
  const perPod = new Map<string, number>([[PODS, 1]]);
  for (const [name, nanos] of requests) if (name !== PODS) perPod.set(name, kubeletUnits(name, nanos));
  return perPod;
}

function order(perPod: ReadonlyMap<string, number>): string[] {
  const others = [...perPod.keys()].filter(
    (name) => !KUBELET_ORDER.includes(name) && (perPod.get(name) ?? 0) > 0,
  );
  return [...KUBELET_ORDER, ...others.sort()];
}

function row(resource: string, node: PlanNode, perPod: number): RoomRow {
  const allocatable = node.allocatable.get(resource) ?? 0;
  const allocated = node.allocated.get(resource) ?? 0;
  const room = perPod > 0 ? Math.max(0, Math.floor((allocatable - allocated) / perPod)) : -1;
  return { resource, allocatable, allocated, perPod, room };
}

function refusalAfter(rows: readonly RoomRow[], fit: number): string {
  for (const { resource, allocatable, allocated, perPod } of rows) {
    if (perPod <= 0) continue;
    const used = allocated + fit * perPod;
    if (perPod > allocatable - used) {
      const insufficient = { resource, requested: perPod, used, capacity: allocatable };
      return `${reasonOf(insufficient)}: ${kubeletMessage(insufficient)}`;
    }
  }
  return '';
}

export function planFit(requests: Requests, node: PlanNode, replicas: number): PlanFit {
  const perPod = perPodUnits(requests);
  const rows = order(perPod).map((name) => row(name, node, perPod.get(name) ?? 0));
  const bounded = rows.filter((r) => r.room >= 0);
  const fit = Math.min(...bounded.map((r) => r.room));
  const binding = bounded.find((r) => r.room === fit)?.resource ?? PODS;
  return { rows, fit, binding, refusal: fit < replicas ? refusalAfter(rows, fit) : '' };
}
