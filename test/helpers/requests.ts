import { status } from '@grpc/grpc-js';
import type {
  ControllerClient,
  ControllerCreateRequest,
  ControllerCreateResponse,
  ControllerMetricsResponse,
  ControllerPlatformResponse,
  ControllerShutdownResponse,
  ControllerStartResponse,
  ControllerStatusResponse,
  ControllerStopResponse,
  ControllerUpdateResponse,
  ControllerWaitResponse,
} from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import type { Sandbox } from '../../src/generated/containerd/types/sandbox.js';
import { PodSandboxConfig, type LinuxContainerResources } from '../../src/generated/runtime/v1/api.js';
import { unary } from './daemon.js';

export { status };

export function podConfig(resources: Partial<LinuxContainerResources> = {}, name = 'pod'): PodSandboxConfig {
  return PodSandboxConfig.fromPartial({
    metadata: { name, uid: `${name}-uid`, namespace: 'default', attempt: 0 },
    hostname: name,
    logDirectory: `/var/log/pods/${name}`,
    labels: { app: name },
    annotations: { owner: 'tests' },
    linux: {
      securityContext: { namespaceOptions: { network: 2 } },
      resources: { cpuPeriod: 0, cpuQuota: 0, cpuShares: 0, memoryLimitInBytes: 0, ...resources },
    },
  });
}

type CreateRequest = ControllerCreateRequest & { options: NonNullable<ControllerCreateRequest['options']> };

/** The Create request containerd's CRI plugin sends (options = PodSandboxConfig, bare type_url). */
export function createRequest(sandboxId: string, config: PodSandboxConfig = podConfig()): CreateRequest {
  return {
    sandboxId,
    rootfs: [],
    options: {
      typeUrl: 'runtime.v1.PodSandboxConfig',
      value: Buffer.from(PodSandboxConfig.encode(config).finish()),
    },
    netnsPath: '',
    annotations: {},
    sandbox: {
      sandboxId,
      runtime: { name: 'io.containerd.resource-slot.v1', options: undefined },
      spec: undefined,
      labels: { name: config.metadata?.name ?? sandboxId },
      createdAt: undefined,
      updatedAt: undefined,
      extensions: {},
      sandboxer: 'resource-slot',
    },
    sandboxer: 'resource-slot',
  };
}

/** Promise-returning wrappers over the generated Controller client. */
export function controllerCalls(client: ControllerClient) {
  const sandboxer = 'resource-slot';
  return {
    create: (request: ControllerCreateRequest) =>
      unary<ControllerCreateResponse>((done) => client.create(request, done)),
    start: (sandboxId: string) =>
      unary<ControllerStartResponse>((done) => client.start({ sandboxId, sandboxer }, done)),
    stop: (sandboxId: string) =>
      unary<ControllerStopResponse>((done) => client.stop({ sandboxId, timeoutSecs: 0, sandboxer }, done)),
    wait: (sandboxId: string) =>
      unary<ControllerWaitResponse>((done) => client.wait({ sandboxId, sandboxer }, done)),
    status: (sandboxId: string, verbose = false) =>
      unary<ControllerStatusResponse>((done) => client.status({ sandboxId, verbose, sandboxer }, done)),
    shutdown: (sandboxId: string) =>
      unary<ControllerShutdownResponse>((done) => client.shutdown({ sandboxId, sandboxer }, done)),
    platform: (sandboxId: string) =>
      unary<ControllerPlatformResponse>((done) => client.platform({ sandboxId, sandboxer }, done)),
    metrics: (sandboxId: string) =>
      unary<ControllerMetricsResponse>((done) => client.metrics({ sandboxId, sandboxer }, done)),
    update: (sandboxId: string, fields: string[], sandbox: Sandbox | undefined) =>
      unary<ControllerUpdateResponse>((done) =>
        client.update({ sandboxId, sandboxer: '', sandbox, fields }, done),
      ),
  };
}
