/**
 * Inspect's Node (docs/node.md): the node's resources from its spec, what the pods holding resources have allocated
 * (counted afresh from the actors, whatever the admission mode), what their live containers use now, what admission
 * decided, and the findings of each pod when asked.
 */
import type { Registries } from '../../machines/registries.js';
import type {
  NodeRequest,
  NodeResource,
  NodeResponse,
  PodFindings,
  PodUsage,
} from '../generated/resourceslot/v1/inspect.js';
import { livePods } from '../inspect/live-pods.js';
import type { NodeAdmission } from '../node/admission.js';
import { sumShares } from '../node/allocation.js';
import { millisOf, unitsOf } from '../node/amounts.js';
import { evictionReservation } from '../node/eviction.js';
import { podFindings } from '../node/findings.js';
import type { LivePod } from '../node/live-pod.js';
import { podShare } from '../node/pod-share.js';
import { quantityText } from '../node/quantity-text.js';
import { CPU } from '../node/resource-names.js';
import { toTimestamp } from '../sandbox/time.js';
import type { UsageSampler } from '../workload/sampler.js';
import { USAGE_CPU_WINDOW_MS } from './pod-usage.js';

export interface NodeDeps {
  node: NodeAdmission;
  registries: Registries;
  usage: UsageSampler;
  /** Every live pod's usage now (src/transport/pod-usage.ts). */
  allPods(): Promise<PodUsage[]>;
}

function resources({ spec }: NodeAdmission): NodeResource[] {
  const eviction = evictionReservation(spec.evictionHard, spec.capacity);
  const text = (name: string, amount: bigint | undefined) =>
    amount === undefined ? '' : quantityText(name, amount);
  return [...spec.capacity].map(([name, capacity]) => {
    const allocatable = spec.allocatable.get(name) ?? 0n;
    return {
      name,
      capacity: text(name, capacity),
      reserved: text(name, spec.reserved.get(name)),
      evictionReserved: text(name, eviction.get(name)),
      allocatable: text(name, allocatable),
      allocatableValue: name === CPU ? millisOf(allocatable) : unitsOf(allocatable),
    };
  });
}

function findingsOf(node: NodeAdmission, pods: readonly LivePod[]): PodFindings[] {
  const { memoryLimitFloorBytes, refuse, rule } = node.policy.findings;
  return pods
    .map((pod) => ({
      sandboxId: pod.sandboxId,
      name: pod.name,
      namespace: pod.namespace,
      findings: podFindings(pod, memoryLimitFloorBytes).map((finding) => ({
        ...finding,
        refuses: rule !== null && refuse.has(finding.id),
      })),
    }))
    .filter((pod) => pod.findings.length > 0);
}

export function nodeHandler({ node, registries, usage, allPods }: NodeDeps) {
  return async (request: NodeRequest): Promise<NodeResponse> => {
    const now = usage.now();
    const holding = livePods(registries).filter((pod) => pod.holding);
    const allocated = sumShares(
      holding.map((pod) =>
        podShare(
          pod.resources,
          pod.containers.map((c) => c.resources),
        ),
      ),
    );
    const used = (await allPods()).map((pod) => pod.usage);
    const sum = (pick: (sample: NonNullable<(typeof used)[number]>) => number) =>
      used.reduce((total, sample) => total + (sample ? pick(sample) : 0), 0);
    const counts = node.counts();
    const { policy } = node;
    return {
      resources: resources(node),
      evictionHard: node.spec.evictionHard.map((threshold) => `${threshold.signal}<${threshold.text}`),
      allocated: {
        pods: allocated.pods,
        cpuRequestsMillis: allocated.requests.cpu,
        memoryRequestsBytes: allocated.requests.memory,
        cpuLimitsMillis: allocated.limits.cpu,
        memoryLimitsBytes: allocated.limits.memory,
      },
      used: {
        cpuCores: sum((sample) => sample.cpuCores),
        memoryWorkingSetBytes: sum((sample) => sample.memoryWorkingSetBytes),
        memoryUsageBytes: sum((sample) => sample.memoryUsageBytes),
        pids: sum((sample) => sample.pids),
        cpuWindowMillis: USAGE_CPU_WINDOW_MS,
      },
      admission: {
        mode: node.mode,
        admitted: counts.admitted,
        warned: counts.warned,
        refused: counts.refused,
        reasons: counts.reasons,
        policyFile: policy.file,
        limitRanges: policy.limitRanges.length,
        resourceQuotas: policy.quotas.length,
        memoryLimitFloorBytes: policy.findings.memoryLimitFloorBytes,
        refusingFindings: policy.findings.rule === null ? [] : [...policy.findings.refuse].sort(),
      },
      findings: request.findings ? findingsOf(node, holding) : [],
      time: toTimestamp(now),
    };
  };
}
