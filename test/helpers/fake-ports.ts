import { containerMachine } from '../../machines/container.machine.js';
import { execMachine } from '../../machines/exec.machine.js';
import { Registries } from '../../machines/registries.js';
import { sandboxMachine } from '../../machines/sandbox.machine.js';
import type { SupervisorPorts } from '../../machines/supervisor.machine.js';

/**
 * In-memory supervisor ports (no gRPC, no disk): a ticking clock, pids counted in `heldPids` (a double release
 * throws), every write durable at once, and a node that admits everything unless `overrides` says otherwise.
 */
export function fakePorts(overrides: Partial<SupervisorPorts> = {}): {
  ports: SupervisorPorts;
  heldPids: Set<number>;
} {
  const heldPids = new Set<number>();
  let nextPid = 100;
  let clock = 1_000;
  const ports: SupervisorPorts = {
    sandboxMachine,
    containerMachine,
    execMachine,
    registries: new Registries(),
    now: () => (clock += 10),
    allocatePid: () => {
      heldPids.add(++nextPid);
      return nextPid;
    },
    releasePid: (pid) => {
      if (!heldPids.delete(pid)) throw new Error(`pid ${pid} released twice`);
    },
    reservePid: (pid) => heldPids.add(pid),
    maxSandboxes: 100,
    whenDurable: () => Promise.resolve(),
    applySandboxUpdate: (current, update) => ({
      record: { ...current.record, fields: update.fields },
      resources: current.resources,
    }),
    applyResourcesUpdate: (current, update) => ({ ...current, ...update }),
    execExitStatus: () => 0,
    containerNameOf: () => '',
    admitSandbox: () => {},
    admitTask: (command) => command.resources,
    podChanged: () => {},
    ...overrides,
  };
  return { ports, heldPids };
}
