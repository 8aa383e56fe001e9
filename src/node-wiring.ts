/**
 * How the daemon wires the simulated node (src/node/, docs/node.md) to the actors: its capacity is completed from
 * the host, its ledger reads the live pods the actor store reports changed, and its admission becomes the three
 * supervisor ports the create handlers consult.
 */
import type { Logger } from 'pino';
import type { Registries } from '../machines/registries.js';
import type { SupervisorPorts } from '../machines/supervisor.machine.js';
import type { JsonObject } from './core/json.js';
import { livePod, newContainer, newPod } from './inspect/live-pods.js';
import type { AdmissionMode } from './node/admission-mode.js';
import { NodeAdmission } from './node/admission.js';
import { defaultEvictionHard, type Threshold } from './node/eviction.js';
import { hostCapacity } from './node/host-capacity.js';
import { AllocationLedger } from './node/ledger.js';
import { nodeSpec } from './node/node-spec.js';
import { emptyPolicy } from './node/policy/policy-file.js';
import type { Policy } from './node/policy/policy.js';
import type { ResourceList } from './node/resource-list.js';

/** The node as the command line describes it; what is absent is the host's or kubelet's default. */
export interface NodeConfig {
  capacity?: ResourceList;
  reserved?: ResourceList;
  evictionHard?: readonly Threshold[];
  admission?: AdmissionMode;
  policy?: Policy;
}

export type AdmissionPorts = Pick<SupervisorPorts, 'admitSandbox' | 'admitTask' | 'podChanged'>;

/** `dir` must exist: the default ephemeral-storage is the size of its file system. */
export async function wireNode(
  config: NodeConfig,
  dir: string,
  registries: Registries,
  log: Logger,
): Promise<{ admission: NodeAdmission; ports: AdmissionPorts }> {
  const spec = nodeSpec(
    config.capacity ?? new Map(),
    await hostCapacity(dir),
    config.reserved ?? new Map(),
    config.evictionHard ?? defaultEvictionHard(),
  );
  const mode = config.admission ?? 'warn';
  const ledger = new AllocationLedger((sandboxId) => livePod(registries, sandboxId));
  const admission = new NodeAdmission({ mode, spec, policy: config.policy ?? emptyPolicy(''), ledger, log });
  const ports: AdmissionPorts = {
    admitSandbox: (command) => admission.admitSandbox(newPod(command)),
    admitTask: (command) => {
      const pod = livePod(registries, command.sandboxId);
      // The handler has found the sandbox already; without it there is nothing to admit into.
      if (!pod) return command.resources;
      return admission.admitTask(pod, newContainer(command)) as unknown as JsonObject;
    },
    // With admission off nothing reads the ledger: it is not kept (the Node view counts the pods when asked).
    podChanged: mode === 'off' ? () => {} : (sandboxId) => ledger.podChanged(sandboxId),
  };
  return { admission, ports };
}
