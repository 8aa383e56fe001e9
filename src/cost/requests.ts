/**
 * What a container and its pod hold, in the units prices are per (cores, GiB), counted as the node counts them
 * (src/node/pod-share.ts): a request not declared counts as the declaration's limit; hugepages are held at their
 * limit (Kubernetes requires hugepages requests to equal limits). What the pod holds beyond its containers (its
 * overhead, a sandbox-declared request above the containers' sum) is the pod's own part.
 */
import { millisOfCores } from '../node/amounts.js';
import { podShare } from '../node/pod-share.js';
import { CPU, HUGEPAGES_PREFIX, MEMORY } from '../node/resource-names.js';
import { bytesText } from '../node/quantity-text.js';
import type { ResourceInfo } from '../resources/types.js';
import type { Amounts } from './input.js';
import { GIB } from './units.js';

const PAGE_SHIFT: Record<string, bigint> = { B: 0n, KB: 10n, MB: 20n, GB: 30n, TB: 40n, PB: 50n };

/** CRI's page size ("2MB", base 1024) as Kubernetes names the resource ("hugepages-2Mi"); null if unreadable. */
export function hugePagesResource(pageSize: string): string | null {
  const match = /^([0-9]+)([KMGTP]?B)$/.exec(pageSize);
  const shift = match ? PAGE_SHIFT[match[2] ?? ''] : undefined;
  if (!match || shift === undefined) return null;
  return HUGEPAGES_PREFIX + bytesText(BigInt(match[1] ?? '0') << shift);
}

const coresOf = (millis: number): number => millis / 1000;

/** As the API server defaults it: a request not declared is the limit (pod-share.ts's requestOf). */
const declared = (request: number | null, limit: number | null): number => Math.max(0, request ?? limit ?? 0);

export function containerRequests(info: ResourceInfo): Amounts {
  const amounts = new Map<string, number>();
  const cpu = declared(info.cpu_request, info.cpu_limit);
  const memory = declared(info.memory_request, info.memory_limit);
  if (cpu > 0) amounts.set(CPU, coresOf(millisOfCores(cpu)));
  if (memory > 0) amounts.set(MEMORY, memory / GIB);
  for (const { page_size: pageSize, limit } of info.hugepages) {
    const name = hugePagesResource(pageSize);
    if (name !== null && limit > 0) amounts.set(name, (amounts.get(name) ?? 0) + limit / GIB);
  }
  return amounts;
}

/** The pod's requests as the node counts them (overhead included) less what its containers request; never below 0. */
export function podRemainder(sandbox: ResourceInfo, containers: readonly ResourceInfo[]): Amounts {
  const share = podShare(sandbox, containers);
  const cpuMillis = containers.reduce(
    (sum, info) => sum + millisOfCores(declared(info.cpu_request, info.cpu_limit)),
    0,
  );
  const memoryBytes = containers.reduce(
    (sum, info) => sum + declared(info.memory_request, info.memory_limit),
    0,
  );
  const amounts = new Map<string, number>();
  if (share.requests.cpu > cpuMillis) amounts.set(CPU, coresOf(share.requests.cpu - cpuMillis));
  if (share.requests.memory > memoryBytes) amounts.set(MEMORY, (share.requests.memory - memoryBytes) / GIB);
  return amounts;
}
