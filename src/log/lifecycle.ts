import type { Logger } from 'pino';
import type { ContainerMachine, ContainerStateName } from '../../machines/container.machine.js';
import type { SandboxMachine, SandboxStateName } from '../../machines/sandbox.machine.js';

const SANDBOX_MESSAGES: Record<SandboxStateName, string> = {
  created: 'ResourceSlot sandbox created',
  running: 'ResourceSlot sandbox started',
  stopped: 'ResourceSlot sandbox stopped',
  deleted: 'ResourceSlot sandbox deleted',
};

const CONTAINER_MESSAGES: Record<ContainerStateName, string> = {
  created: 'ResourceSlot container created',
  running: 'ResourceSlot container started',
  paused: 'ResourceSlot container paused',
  stopped: 'ResourceSlot container stopped',
  deleted: 'ResourceSlot container deleted',
};

/** One info line per lifecycle step, provided to the machines as their `logTransition` action. */
export function lifecycleLogging(log: Logger) {
  return {
    sandbox: (machine: SandboxMachine): SandboxMachine =>
      machine.provide({
        actions: {
          logTransition: ({ context }, { state }) =>
            log.info({ sandboxId: context.id }, SANDBOX_MESSAGES[state]),
        },
      }),
    container: (machine: ContainerMachine): ContainerMachine =>
      machine.provide({
        actions: {
          logTransition: ({ context }, { state }) =>
            log.info({ sandboxId: context.sandboxId, containerId: context.id }, CONTAINER_MESSAGES[state]),
        },
      }),
  };
}
