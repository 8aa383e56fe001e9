/** Pods and a node for the admission tests (not a test file itself): real ResourceInfos from the real parsers. */
import type { Logger } from 'pino';
import { PodSandboxConfig } from '../../src/generated/runtime/v1/api.js';
import { NodeAdmission } from '../../src/node/admission.js';
import type { AdmissionMode } from '../../src/node/admission-mode.js';
import { parseEvictionHard } from '../../src/node/eviction.js';
import { AllocationLedger } from '../../src/node/ledger.js';
import type { LiveContainer, LivePod } from '../../src/node/live-pod.js';
import { nodeSpec } from '../../src/node/node-spec.js';
import { emptyPolicy, parsePolicyFile } from '../../src/node/policy/policy-file.js';
import { parseResourceList } from '../../src/node/resource-list.js';
import {
  extractContainerResources,
  extractSandboxResources,
  type ResourceInfo,
} from '../../src/resources/index.js';

/** A sandbox's ResourceInfo from pod annotations and CRI linux.resources / overhead (snake_case JSON). */
export function sandboxInfo(
  annotations: Record<string, string> = {},
  linux: { resources?: Record<string, unknown>; overhead?: Record<string, unknown> } = {},
): ResourceInfo {
  return extractSandboxResources({ config: PodSandboxConfig.fromJSON({ annotations, linux }) });
}

/** A container's ResourceInfo from its OCI spec's annotations and linux.resources. */
export function containerInfo(annotations: Record<string, string> = {}, resources?: unknown): ResourceInfo {
  return extractContainerResources({ spec: { annotations, linux: resources ? { resources } : {} } });
}

export function pod(
  sandboxId: string,
  resources: ResourceInfo,
  containers: LiveContainer[] = [],
  namespace = 'default',
): LivePod {
  return { sandboxId, name: `${sandboxId}-pod`, namespace, holding: true, resources, containers };
}

export const container = (id: string, resources: ResourceInfo, name = id): LiveContainer => ({
  id,
  name,
  resources,
});

export interface TestNode {
  admission: NodeAdmission;
  ledger: AllocationLedger;
  /** Records a pod as the actors would hold it, and tells the ledger. */
  hold(pod: LivePod): void;
  /** Every log.warn call: its fields and message. */
  warnings: Array<[Record<string, unknown>, string]>;
}

export function testNode(
  options: {
    capacity?: string;
    reserved?: string;
    evictionHard?: string;
    mode?: AdmissionMode;
    policy?: string;
  } = {},
): TestNode {
  const list = (text: string) => {
    const parsed = parseResourceList(text, { flag: 'test', accepts: () => true, refusal: () => '' });
    if (typeof parsed === 'string') throw new Error(parsed);
    return parsed;
  };
  const thresholds = parseEvictionHard(options.evictionHard ?? 'memory.available<100Mi');
  if (typeof thresholds === 'string') throw new Error(thresholds);
  // What --capacity leaves out is the "host's": a large one, with kubelet's 110 pods.
  const spec = nodeSpec(
    list(options.capacity ?? 'cpu=2,memory=4Gi'),
    list('cpu=64,memory=256Gi,pods=110'),
    list(options.reserved ?? ''),
    thresholds,
  );
  const pods = new Map<string, LivePod>();
  const ledger = new AllocationLedger((id) => pods.get(id) ?? null);
  const warnings: TestNode['warnings'] = [];
  const log = {
    warn: (fields: Record<string, unknown>, message: string) => warnings.push([fields, message]),
  } as unknown as Pick<Logger, 'warn'>;
  const policy =
    options.policy === undefined ? emptyPolicy('') : parsePolicyFile(options.policy, '/etc/rs/policy.yaml');
  const admission = new NodeAdmission({ mode: options.mode ?? 'enforce', spec, policy, ledger, log });
  return {
    admission,
    ledger,
    warnings,
    hold: (held) => {
      pods.set(held.sandboxId, held);
      ledger.podChanged(held.sandboxId);
    },
  };
}
