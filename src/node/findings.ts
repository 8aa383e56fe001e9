/**
 * Resource configurations that are accepted but will not behave as written (docs/node.md, "Findings"): checked per
 * pod, on the sandbox's own declaration and on each live container's. Warnings, unless the --policy file's Findings
 * object names them to refuse. What the parser refuses outright (a request above its limit within one declaration,
 * a CPU quota without a period) never gets this far: nothing is stored for it (docs/resources.md, "Validation").
 */
import type { ResourceInfo } from '../resources/types.js';
import { millisOfCores } from './amounts.js';
import type { LivePod } from './live-pod.js';
import { bytesText, cpuText } from './quantity-text.js';

export const FINDING_IDS = [
  'memory-limit-below-floor',
  'cpu-limit-below-minimum-quota',
  'cpu-request-below-minimum-shares',
  'swap-below-memory-limit',
  'requests-above-pod-limit',
  'hugepages-not-page-multiple',
] as const;
export type FindingId = (typeof FINDING_IDS)[number];

/** Docker's smallest memory limit: below it a process is OOM-killed as it starts. */
export const DEFAULT_MEMORY_LIMIT_FLOOR_BYTES = 6 * 2 ** 20;

export interface Finding {
  id: FindingId;
  /** '' when it is about the pod's own declaration. */
  containerId: string;
  containerName: string;
  message: string;
}

/** The kernel's smallest CFS quota is 1ms; at the default 100ms period that is 10m (kubelet raises less to it). */
const MIN_QUOTA_MILLIS = 10;
/** The kernel's smallest cpu.shares is 2, kubelet's request of 2m. */
const MIN_SHARES_MILLIS = 2;

const PAGE_UNITS: Readonly<Record<string, number>> = { B: 0, KB: 10, MB: 20, GB: 30, TB: 40, PB: 50 };

function pageBytes(pageSize: string): number | null {
  const match = /^([0-9]+)([KMGTP]?B)$/.exec(pageSize);
  const shift = match ? PAGE_UNITS[match[2] ?? ''] : undefined;
  return match && shift !== undefined ? Number(match[1]) * 2 ** shift : null;
}

/** The findings of one declaration (the pod's own, or a container's). */
function declarationFindings(info: ResourceInfo, floorBytes: number): Array<[FindingId, string]> {
  const found: Array<[FindingId, string]> = [];
  const { memory_limit: memory, cpu_limit: cpuLimit, cpu_request: cpuRequest, swap } = info;
  if (memory !== null && memory < floorBytes)
    found.push([
      'memory-limit-below-floor',
      `memory limit ${bytesText(memory)} is below the floor of ${bytesText(floorBytes)}`,
    ]);
  if (cpuLimit !== null && millisOfCores(cpuLimit) < MIN_QUOTA_MILLIS)
    found.push([
      'cpu-limit-below-minimum-quota',
      `cpu limit ${cpuText(millisOfCores(cpuLimit))} is below ${cpuText(MIN_QUOTA_MILLIS)}, the kernel's smallest quota (1ms per 100ms period): kubelet raises it`,
    ]);
  if (cpuRequest !== null && millisOfCores(cpuRequest) < MIN_SHARES_MILLIS)
    found.push([
      'cpu-request-below-minimum-shares',
      `cpu request ${cpuText(millisOfCores(cpuRequest))} is below ${cpuText(MIN_SHARES_MILLIS)}, the kernel's minimum of 2 cpu shares`,
    ]);
  if (swap !== null && memory !== null && swap < memory)
    found.push([
      'swap-below-memory-limit',
      `memory+swap limit ${bytesText(swap)} is below the memory limit ${bytesText(memory)}: runc refuses it`,
    ]);
  for (const { page_size: pageSize, limit } of info.hugepages) {
    const page = pageBytes(pageSize);
    if (page !== null && limit % page !== 0)
      found.push([
        'hugepages-not-page-multiple',
        `hugepages limit ${bytesText(limit)} is not a multiple of its page size ${pageSize}`,
      ]);
  }
  return found;
}

/** The containers' declared requests add up to more than the pod's own limit: the pod cgroup cannot hold them. */
function podLimitFindings(pod: LivePod): Array<[FindingId, string]> {
  const found: Array<[FindingId, string]> = [];
  const { cpu_limit: cpuLimit, memory_limit: memoryLimit } = pod.resources;
  const requests = pod.containers.map((container) => container.resources);
  const cpu = requests.reduce(
    (sum, info) => sum + (info.cpu_request === null ? 0 : millisOfCores(info.cpu_request)),
    0,
  );
  const memory = requests.reduce((sum, info) => sum + (info.memory_request ?? 0), 0);
  if (cpuLimit !== null && cpu > millisOfCores(cpuLimit))
    found.push([
      'requests-above-pod-limit',
      `the containers' cpu requests add up to ${cpuText(cpu)}, above the pod's cpu limit ${cpuText(millisOfCores(cpuLimit))}`,
    ]);
  if (memoryLimit !== null && memory > memoryLimit)
    found.push([
      'requests-above-pod-limit',
      `the containers' memory requests add up to ${bytesText(memory)}, above the pod's memory limit ${bytesText(memoryLimit)}`,
    ]);
  return found;
}

export function podFindings(pod: LivePod, floorBytes: number): Finding[] {
  const pods = [...declarationFindings(pod.resources, floorBytes), ...podLimitFindings(pod)].map(
    ([id, message]): Finding => ({ id, containerId: '', containerName: '', message }),
  );
  const containers = pod.containers.flatMap((container) =>
    declarationFindings(container.resources, floorBytes).map(([id, message]): Finding => ({
      id,
      containerId: container.id,
      containerName: container.name,
      message,
    })),
  );
  return [...pods, ...containers];
}

/** Same finding (id, subject and words): the findings a new container brings are those its pod did not have. */
export const findingKey = (finding: Finding): string =>
  `${finding.id}\u0000${finding.containerId}\u0000${finding.message}`;
