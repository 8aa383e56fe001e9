/**
 * OpenCost's allocation rule (pkg/costmodel): a container is charged max(average request, average usage) × hours
 * for each resource, at the hourly price; pods, namespaces and the node add their containers up. The node's idle
 * cost (allocatable × hours − the requests held) is reported apart. Pure: the window's end is the caller's clock.
 */
import { addCharges, charge, totalOf, type ResourceCharge } from './charge.js';
import type { Amounts, ContainerInput, CostInput, PodInput, Span } from './input.js';
import { COST_NOTES } from './notes.js';
import { byResource } from './order.js';
import type { Prices } from './prices.js';
import type { ContainerCost, CostReport, GroupCost, PodCost } from './report.js';

const MS_PER_HOUR = 3_600_000;
const PODS = 'pods';

export const hoursOf = ({ start, end }: Span): number => Math.max(0, end - start) / MS_PER_HOUR;

/** Floating sums are rounded to 1e-9 of a unit or currency, so hand-computed numbers compare exactly. */
const tidy = (n: number): number => Math.round(n * 1e9) / 1e9;

const tidyCharge = (part: ResourceCharge): ResourceCharge => ({
  ...part,
  requested: tidy(part.requested),
  used: tidy(part.used),
  charged: tidy(part.charged),
  cost: tidy(part.cost),
});

function group(name: string, resources: ResourceCharge[]): GroupCost {
  const sorted = resources.sort((a, b) => byResource(a.resource, b.resource));
  return { name, resources: sorted.map(tidyCharge), total: tidy(totalOf(sorted)) };
}

function containerCost(container: ContainerInput, prices: Prices): ContainerCost {
  const hours = hoursOf(container.span);
  const names = new Set([...container.requested.keys(), ...container.used.keys()]);
  const resources: ResourceCharge[] = [];
  for (const name of names) {
    const requested = container.requested.get(name) ?? 0;
    const used = container.used.get(name) ?? 0;
    if (requested <= 0 && used <= 0) continue;
    resources.push(charge(name, requested * hours, used * hours, Math.max(requested, used) * hours, prices));
  }
  return { ...group(container.name, resources), id: container.id, span: container.span, hours: tidy(hours) };
}

function podCost(pod: PodInput, prices: Prices): PodCost {
  const containers = pod.containers
    .map((container) => containerCost(container, prices))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return {
    ...group(pod.name, addCharges(containers.map((c) => c.resources))),
    sandboxId: pod.sandboxId,
    namespace: pod.namespace,
    span: pod.span,
    hours: tidy(hoursOf(pod.span)),
    containers,
  };
}

/** Allocatable × hours for each resource pods hold or the prices name, and what the requests leave of it. */
function nodeGroups(allocatable: Amounts, hours: number, allocated: GroupCost, prices: Prices) {
  const held = new Map(allocated.resources.map((part) => [part.resource, part]));
  const node: ResourceCharge[] = [];
  const idle: ResourceCharge[] = [];
  for (const [name, amount] of allocatable) {
    if (name === PODS || (!held.has(name) && !prices.perHour.has(name))) continue;
    const whole = amount * hours;
    const requested = held.get(name)?.requested ?? 0;
    const used = held.get(name)?.used ?? 0;
    node.push(charge(name, requested, used, whole, prices));
    idle.push(charge(name, 0, 0, Math.max(0, whole - requested), prices));
  }
  return { allocatable: group('allocatable', node), idle: group('idle', idle) };
}

export function computeCost(input: CostInput, prices: Prices): CostReport {
  const pods = input.pods
    .map((pod) => podCost(pod, prices))
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name) ||
        a.sandboxId.localeCompare(b.sandboxId),
    );
  const namespaces = [...new Set(pods.map((pod) => pod.namespace))].map((namespace) =>
    group(
      namespace,
      addCharges(pods.filter((pod) => pod.namespace === namespace).map((pod) => pod.resources)),
    ),
  );
  const allocated = group('allocated', addCharges(pods.map((pod) => pod.resources)));
  const hours = hoursOf(input.window);
  const unpriced = allocated.resources.filter((part) => !part.priced).map((part) => part.resource);
  return {
    currency: prices.currency,
    window: input.window,
    hours: tidy(hours),
    pods,
    namespaces,
    allocated,
    ...nodeGroups(input.allocatable, hours, allocated, prices),
    unpriced: unpriced.sort(),
    notes: [...COST_NOTES],
  };
}
