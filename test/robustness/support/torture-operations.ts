import { Sandbox } from '../../../src/generated/containerd/types/sandbox.js';
import { controllerCalls, createRequest } from '../../helpers/requests.js';
import { taskCalls, writeBundle } from '../../helpers/tasks.js';
import type { Prng } from './prng.js';
import {
  cloneSlot,
  SIGKILL,
  SIGTERM,
  stopSandbox,
  type ContainerModel,
  type SandboxModel,
  type Slot,
} from './torture-model.js';

export interface TortureClients {
  controller: ReturnType<typeof controllerCalls>;
  tasks: ReturnType<typeof taskCalls>;
  /** Where task bundles are written. */
  bundleRoot: string;
}

/** One call a worker is about to make, with the state it leaves the sandbox in if it lands. */
export interface Operation {
  name: string;
  sandboxId: string;
  before: Slot;
  /** Pids the daemon will choose are null here. */
  target: Slot;
  /** Makes the call; resolves with the acknowledged state (the target, with the pids the daemon answered). */
  send(clients: TortureClients): Promise<Slot>;
}

/** The sandboxes one worker owns; no other worker touches them, so each has at most one call in flight. */
export class WorkerModel {
  readonly sandboxes = new Map<string, SandboxModel>();
  private nextSandbox = 0;
  private nextContainer = 0;

  constructor(readonly name: string) {}

  newSandboxId(): string {
    return `${this.name}-p${this.nextSandbox++}`;
  }

  newContainerId(sandboxId: string): string {
    return `${sandboxId}-c${this.nextContainer++}`;
  }

  /** Records the state a sandbox is known to be in (null: it is gone). */
  settle(sandboxId: string, slot: Slot): void {
    if (slot === null) this.sandboxes.delete(sandboxId);
    else this.sandboxes.set(sandboxId, slot);
  }
}

const MAX_SANDBOXES_PER_WORKER = 3;
const MAX_CONTAINERS_PER_SANDBOX = 2;

interface Choice {
  weight: number;
  make: () => Operation;
}

/** Picks a call that is legal for the worker's current model, so every answer other than OK is a daemon bug. */
export function chooseOperation(worker: WorkerModel, rng: Prng): Operation {
  const ids = [...worker.sandboxes.keys()];
  if (ids.length === 0 || (ids.length < MAX_SANDBOXES_PER_WORKER && rng.chance(0.2))) {
    return createSandbox(worker.newSandboxId());
  }
  const sandboxId = rng.pick(ids);
  const slot = worker.sandboxes.get(sandboxId) as SandboxModel;
  const choices: Choice[] = [
    { weight: 1, make: () => updateSandbox(sandboxId, slot) },
    { weight: slot.state === 'stopped' ? 4 : 0.5, make: () => shutdownSandbox(sandboxId, slot) },
  ];
  if (slot.state === 'created') choices.push({ weight: 5, make: () => startSandbox(sandboxId, slot) });
  if (slot.state !== 'stopped') choices.push({ weight: 1, make: () => stopSandboxCall(sandboxId, slot) });
  if (slot.state === 'running') {
    if (Object.keys(slot.containers).length < MAX_CONTAINERS_PER_SANDBOX) {
      choices.push({ weight: 3, make: () => createTask(sandboxId, slot, worker.newContainerId(sandboxId)) });
    }
    for (const [containerId, container] of Object.entries(slot.containers)) {
      const task = (make: TaskOperationMaker, weight: number) =>
        choices.push({ weight, make: () => make(sandboxId, slot, containerId, container) });
      if (container.state === 'created') task(startTask, 3);
      if (container.state !== 'stopped') task(rng.chance(0.5) ? killTask(SIGTERM) : killTask(SIGKILL), 1);
      if (container.state !== 'running') task(deleteTask, 2);
    }
  }
  const total = choices.reduce((sum, choice) => sum + choice.weight, 0);
  let roll = rng.next() * total;
  for (const choice of choices) {
    roll -= choice.weight;
    if (roll < 0) return choice.make();
  }
  return (choices[0] as Choice).make();
}

function createSandbox(sandboxId: string): Operation {
  const target: SandboxModel = { state: 'created', pid: 0, generation: 0, containers: {} };
  return {
    name: 'Controller/Create',
    sandboxId,
    before: null,
    target,
    send: async ({ controller }) => {
      await controller.create(createRequest(sandboxId));
      return target;
    },
  };
}

function startSandbox(sandboxId: string, slot: SandboxModel): Operation {
  const target: SandboxModel = { ...slot, state: 'running', pid: null };
  return {
    name: 'Controller/Start',
    sandboxId,
    before: cloneSlot(slot),
    target,
    send: async ({ controller }) => ({ ...target, pid: (await controller.start(sandboxId)).pid }),
  };
}

function stopSandboxCall(sandboxId: string, slot: SandboxModel): Operation {
  const target = stopSandbox(slot);
  return {
    name: 'Controller/Stop',
    sandboxId,
    before: cloneSlot(slot),
    target,
    send: async ({ controller }) => {
      await controller.stop(sandboxId);
      return target;
    },
  };
}

function shutdownSandbox(sandboxId: string, slot: SandboxModel): Operation {
  return {
    name: 'Controller/Shutdown',
    sandboxId,
    before: cloneSlot(slot),
    target: null,
    send: async ({ controller }) => {
      await controller.shutdown(sandboxId);
      return null;
    },
  };
}

function updateSandbox(sandboxId: string, slot: SandboxModel): Operation {
  const target: SandboxModel = { ...structuredClone(slot), generation: slot.generation + 1 };
  return {
    name: 'Controller/Update',
    sandboxId,
    before: cloneSlot(slot),
    target,
    send: async ({ controller }) => {
      await controller.update(
        sandboxId,
        ['labels.gen'],
        Sandbox.fromPartial({ sandboxId, labels: { gen: String(target.generation) } }),
      );
      return target;
    },
  };
}

type TaskOperationMaker = (
  sandboxId: string,
  slot: SandboxModel,
  containerId: string,
  container: ContainerModel,
) => Operation;

function withContainer(
  slot: SandboxModel,
  containerId: string,
  container: ContainerModel | null,
): SandboxModel {
  const containers = { ...slot.containers };
  if (container === null) delete containers[containerId];
  else containers[containerId] = container;
  return { ...slot, containers };
}

function createTask(sandboxId: string, slot: SandboxModel, containerId: string): Operation {
  const created: ContainerModel = { state: 'created', pid: null, exitStatus: null };
  const target = withContainer(slot, containerId, created);
  return {
    name: 'Task/Create',
    sandboxId,
    before: cloneSlot(slot),
    target,
    send: async ({ tasks, bundleRoot }) => {
      const { pid } = await tasks.create(containerId, writeBundle(bundleRoot, containerId, sandboxId));
      return withContainer(slot, containerId, { ...created, pid });
    },
  };
}

const startTask: TaskOperationMaker = (sandboxId, slot, containerId, container) => {
  const target = withContainer(slot, containerId, { ...container, state: 'running' });
  return {
    name: 'Task/Start',
    sandboxId,
    before: cloneSlot(slot),
    target,
    send: async ({ tasks }) => {
      await tasks.start(containerId);
      return target;
    },
  };
};

function killTask(signal: number): TaskOperationMaker {
  return (sandboxId, slot, containerId, container) => {
    const target = withContainer(slot, containerId, {
      ...container,
      state: 'stopped',
      exitStatus: 128 + signal,
    });
    return {
      name: `Task/Kill(${signal})`,
      sandboxId,
      before: cloneSlot(slot),
      target,
      send: async ({ tasks }) => {
        await tasks.kill(containerId, signal);
        return target;
      },
    };
  };
}

const deleteTask: TaskOperationMaker = (sandboxId, slot, containerId) => {
  const target = withContainer(slot, containerId, null);
  return {
    name: 'Task/Delete',
    sandboxId,
    before: cloneSlot(slot),
    target,
    send: async ({ tasks }) => {
      await tasks.delete(containerId);
      return target;
    },
  };
};
