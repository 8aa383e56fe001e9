/**
 * What the crash-torture test believes about each sandbox: the state its last acknowledged call left it in. A
 * sandbox and its containers are one unit, because the daemon commits them together in one sandbox.json.
 * `pid: null` means "a fresh pid the daemon chose; any positive one will do" (a Start that was in flight).
 */
export type SandboxState = 'created' | 'running' | 'stopped';
export type ContainerState = 'created' | 'running' | 'stopped';

export interface ContainerModel {
  state: ContainerState;
  pid: number | null;
  exitStatus: number | null;
}

export interface SandboxModel {
  state: SandboxState;
  /** 0 unless running. */
  pid: number | null;
  /** The value of the `gen` label, bumped by every Update. */
  generation: number;
  containers: Record<string, ContainerModel>;
}

/** A sandbox's state, or null when it does not exist. */
export type Slot = SandboxModel | null;

export const SIGKILL = 9;
export const SIGTERM = 15;

export function cloneSlot(slot: Slot): Slot {
  return slot === null ? null : structuredClone(slot);
}

/** Whether what the daemon shows matches what the model expects (an unknown pid matches any positive pid). */
export function slotMatches(expected: Slot, observed: Slot): boolean {
  if (expected === null || observed === null) return expected === observed;
  if (expected.state !== observed.state || expected.generation !== observed.generation) return false;
  if (!pidMatches(expected.pid, observed.pid, expected.state === 'running')) return false;
  const expectedIds = Object.keys(expected.containers).sort();
  const observedIds = Object.keys(observed.containers).sort();
  if (expectedIds.join('\n') !== observedIds.join('\n')) return false;
  return expectedIds.every((id) => {
    const want = expected.containers[id] as ContainerModel;
    const got = observed.containers[id] as ContainerModel;
    return (
      want.state === got.state && pidMatches(want.pid, got.pid, true) && want.exitStatus === got.exitStatus
    );
  });
}

function pidMatches(expected: number | null, observed: number | null, positive: boolean): boolean {
  if (expected === null) return positive ? observed !== null && observed > 0 : observed === 0;
  return expected === observed;
}

export function describeSlot(slot: Slot): string {
  if (slot === null) return 'absent';
  const containers = Object.entries(slot.containers).map(
    ([id, container]) =>
      `${id}:${container.state}/pid ${container.pid ?? '?'}${container.exitStatus === null ? '' : `/exit ${container.exitStatus}`}`,
  );
  return `${slot.state}/pid ${slot.pid ?? '?'}/gen ${slot.generation}${containers.length ? ` [${containers.join(', ')}]` : ''}`;
}

/** Containers still alive when their sandbox stops end as if SIGKILLed. */
export function stopSandbox(slot: SandboxModel): SandboxModel {
  const containers: Record<string, ContainerModel> = {};
  for (const [id, container] of Object.entries(slot.containers)) {
    containers[id] =
      container.state === 'stopped'
        ? container
        : { ...container, state: 'stopped', exitStatus: 128 + SIGKILL };
  }
  return { ...slot, state: 'stopped', pid: 0, containers };
}
