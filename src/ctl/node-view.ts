/**
 * The `node` verb's tables from Inspect's Node answer: one row per resource (capacity, what is reserved and kept back
 * for hard eviction, allocatable, then what the pods request and limit with its share of allocatable, as `kubectl
 * describe node` shows it, and what they use now), the admission summary, and the findings.
 */
import type { NodeResponse, PodFindings } from '../generated/resourceslot/v1/inspect.js';
import { formatBytes, formatCores, formatMebibytes, formatMillicores, shortId } from './units.js';

const NONE = '-';

export const RESOURCE_HEADER = [
  'RESOURCE',
  'CAPACITY',
  'RESERVED',
  'EVICTION',
  'ALLOCATABLE',
  'REQUESTS',
  'LIMITS',
  'USED',
];

/** "1500m (75%)": the share of allocatable truncated to a whole percent, as kubectl does. */
function withShare(text: string, amount: number, allocatable: number): string {
  if (allocatable <= 0) return text;
  return `${text} (${Math.trunc((amount / allocatable) * 100)}%)`;
}

export function resourceRows(answer: NodeResponse): string[][] {
  const { allocated, used } = answer;
  return answer.resources.map((resource) => {
    const cells = [
      resource.name,
      resource.capacity || NONE,
      resource.reserved || NONE,
      resource.evictionReserved || NONE,
      resource.allocatable || NONE,
    ];
    const share = (text: string, amount: number) => withShare(text, amount, resource.allocatableValue);
    if (resource.name === 'cpu' && allocated && used)
      return [
        ...cells,
        share(formatCores(allocated.cpuRequestsMillis / 1000), allocated.cpuRequestsMillis),
        share(formatCores(allocated.cpuLimitsMillis / 1000), allocated.cpuLimitsMillis),
        formatMillicores(used.cpuCores),
      ];
    if (resource.name === 'memory' && allocated && used)
      return [
        ...cells,
        share(formatBytes(allocated.memoryRequestsBytes), allocated.memoryRequestsBytes),
        share(formatBytes(allocated.memoryLimitsBytes), allocated.memoryLimitsBytes),
        formatMebibytes(used.memoryWorkingSetBytes),
      ];
    if (resource.name === 'pods' && allocated)
      return [...cells, share(String(allocated.pods), allocated.pods), NONE, NONE];
    return [...cells, NONE, NONE, NONE];
  });
}

/** "enforce: 3 admitted, 0 warned, 1 refused (OutOfcpu 1)" and the policy in force. */
export function admissionLines(answer: NodeResponse): string[][] {
  const admission = answer.admission;
  if (!admission) return [];
  const reasons = Object.entries(admission.reasons)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  const counts = `${admission.admitted} admitted, ${admission.warned} warned, ${admission.refused} refused`;
  const policy =
    admission.policyFile === ''
      ? 'none'
      : `${admission.policyFile} (${admission.limitRanges} LimitRange, ${admission.resourceQuotas} ResourceQuota` +
        (admission.refusingFindings.length > 0 ? `, refusing ${admission.refusingFindings.join(', ')}` : '') +
        ')';
  return [
    ['Admission:', `${admission.mode}: ${counts}${reasons === '' ? '' : ` (${reasons})`}`],
    ['Eviction hard:', answer.evictionHard.join(',') || 'none'],
    ['Policy:', policy],
    ['Memory limit floor:', formatBytes(admission.memoryLimitFloorBytes)],
  ];
}

export const FINDINGS_HEADER = ['POD ID', 'POD', 'NAMESPACE', 'CONTAINER', 'FINDING', 'REFUSES', 'MESSAGE'];

export function findingRows(pods: readonly PodFindings[], noTrunc: boolean): string[][] {
  return pods.flatMap((pod) =>
    pod.findings.map((finding) => [
      shortId(pod.sandboxId, noTrunc),
      pod.name,
      pod.namespace,
      finding.containerId === '' ? '(pod)' : finding.containerName || shortId(finding.containerId, noTrunc),
      finding.id,
      finding.refuses ? 'yes' : 'no',
      finding.message,
    ]),
  );
}
