import type { ControllerCreateRequest } from '../generated/containerd/services/sandbox/v1/sandbox.js';
import { Sandbox } from '../generated/containerd/types/sandbox.js';
import { PodSandboxConfig } from '../generated/runtime/v1/api.js';

/** CRI's NamespaceMode NODE: a host-network pod needs no CNI (contract A2.3). */
const HOST_NETWORK = 2;

/** The Create request containerd's CRI plugin sends for `crictl runp` (contract A2.4, section 0 item 2). */
export function createRequest(sandboxId: string, sandboxer: string): ControllerCreateRequest {
  const name = `conformance-${sandboxId.slice(-8)}`;
  const config = PodSandboxConfig.fromPartial({
    metadata: { name, uid: sandboxId, namespace: 'default', attempt: 0 },
    hostname: name,
    logDirectory: `/var/log/pods/${sandboxId}`,
    labels: { app: 'resource-slot-conformance' },
    linux: {
      securityContext: { namespaceOptions: { network: HOST_NETWORK } },
      resources: { cpuPeriod: 100000, cpuQuota: 50000, cpuShares: 512, memoryLimitInBytes: 64 * 1024 * 1024 },
    },
  });
  return {
    sandboxId,
    rootfs: [],
    options: {
      typeUrl: 'runtime.v1.PodSandboxConfig',
      value: Buffer.from(PodSandboxConfig.encode(config).finish()),
    },
    netnsPath: '',
    annotations: {},
    sandbox: Sandbox.fromPartial({
      sandboxId,
      runtime: { name: 'io.containerd.runc.v2' },
      labels: { name },
      sandboxer,
    }),
    sandboxer,
  };
}
