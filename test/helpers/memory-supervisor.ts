import { createActor, type Actor } from 'xstate';
import { containerMachine } from '../../machines/container.machine.js';
import { execMachine } from '../../machines/exec.machine.js';
import { Registries } from '../../machines/registries.js';
import { sandboxMachine } from '../../machines/sandbox.machine.js';
import { supervisorMachine, type SupervisorMachine } from '../../machines/supervisor.machine.js';
import type { JsonObject } from '../../src/core/json.js';
import { extractContainerResources, extractSandboxResources } from '../../src/resources/index.js';
import { ask } from '../../src/transport/ask.js';

export interface MemoryPod {
  sandboxId: string;
  name: string;
  namespace: string;
  annotations?: Record<string, string>;
  /** CRI linux.resources of the PodSandboxConfig. */
  linux?: Record<string, number>;
}

export interface MemoryContainer {
  containerId: string;
  sandboxId: string;
  name: string;
  /** OCI linux.resources of the container's spec. */
  resources?: JsonObject;
}

/**
 * The supervisor and its actors in memory (no gRPC, no disk), with the clock the caller moves: what the daemon's
 * usage readers see, for tests and benchmarks of them.
 */
export function memorySupervisor(now: () => number, maxSandboxes = 100_000) {
  const registries = new Registries();
  let pid = 1;
  const supervisor: Actor<SupervisorMachine> = createActor(supervisorMachine, {
    input: {
      sandboxMachine,
      containerMachine,
      execMachine,
      registries,
      now,
      allocatePid: () => ++pid,
      releasePid: () => undefined,
      reservePid: () => undefined,
      maxSandboxes,
      whenDurable: () => Promise.resolve(),
      applySandboxUpdate: (current) => ({ record: current.record, resources: current.resources }),
      applyResourcesUpdate: (current) => current,
      execExitStatus: () => 0,
      containerNameOf: (record) => String((record['cri'] as JsonObject | undefined)?.['containerName'] ?? ''),
      admitSandbox: () => {},
      admitTask: (command) => command.resources,
      podChanged: () => {},
    },
  }).start();

  return {
    registries,
    supervisor,
    async runPod({ sandboxId, name, namespace, annotations = {}, linux }: MemoryPod): Promise<void> {
      const config = {
        metadata: { name, namespace, uid: `${sandboxId}-uid` },
        annotations,
        ...(linux ? { linux: { resources: linux } } : {}),
      };
      const resources = extractSandboxResources({ config: config as never });
      await ask(supervisor, 'sandbox.create', {
        command: { sandboxId, record: { config }, resources: resources as unknown as JsonObject },
      });
      await ask(supervisor, 'sandbox.start', { sandboxId });
    },
    async createContainer({ containerId, sandboxId, name, resources = {} }: MemoryContainer): Promise<void> {
      const info = extractContainerResources({ spec: { linux: { resources } } });
      const command = {
        containerId,
        sandboxId,
        record: { cri: { containerName: name } },
        resources: info as unknown as JsonObject,
      };
      await ask(supervisor, 'task.create', { command });
    },
    startContainer: (containerId: string) => ask(supervisor, 'task.start', { containerId, execId: '' }),
    stopPod: (sandboxId: string) => ask(supervisor, 'sandbox.stop', { sandboxId }),
    removePod: (sandboxId: string) => ask(supervisor, 'sandbox.shutdown', { sandboxId }),
    stop: () => supervisor.stop(),
  };
}
