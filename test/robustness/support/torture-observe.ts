import fs from 'node:fs';
import path from 'node:path';
import type { ServiceError } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { Status } from '../../../src/generated/containerd/types/task/task.js';
import type { TortureClients } from './torture-operations.js';
import type { ContainerModel, ContainerState, SandboxModel, SandboxState, Slot } from './torture-model.js';

const CONTAINER_STATES: Partial<Record<Status, ContainerState>> = {
  [Status.CREATED]: 'created',
  [Status.RUNNING]: 'running',
  [Status.STOPPED]: 'stopped',
};

export interface Observation {
  slot: Slot;
  /** Anything the daemon reports that no model state can explain (wrong state string, address, version...). */
  problems: string[];
  /**
   * Whether the derived views (resources.json, containers/<id>.json) show the same states as sandbox.json. They are
   * written before the commit point, so a kill in between leaves them one step ahead until the next write.
   */
  viewsAgree: boolean;
}

async function unlessNotFound<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if ((error as ServiceError).code === status.NOT_FOUND) return null;
    throw error;
  }
}

interface SandboxFileView {
  generation: number;
  containerIds: string[];
}

/** The Update generation (label `gen`) and the container list, as sandbox.json records them. */
function readSandboxFile(dir: string, sandboxId: string): SandboxFileView {
  const file = JSON.parse(fs.readFileSync(path.join(dir, sandboxId, 'sandbox.json'), 'utf8')) as {
    snapshot: { context: { record: { sandbox: { labels?: Record<string, string> } | null } } };
    containers: Array<{ id: string }>;
  };
  const labels = file.snapshot.context.record.sandbox?.labels ?? {};
  return {
    generation: Number(labels.gen ?? '0'),
    containerIds: file.containers.map((container) => container.id),
  };
}

/**
 * What the restarted daemon says about one sandbox and its containers: Controller Status (verbose, for the exact
 * state) and task State for every container the model or sandbox.json names.
 */
export async function observeSandbox(
  clients: TortureClients,
  dir: string,
  taskAddress: string,
  sandboxId: string,
  knownContainerIds: Iterable<string>,
): Promise<Observation> {
  const problems: string[] = [];
  const reply = await unlessNotFound(clients.controller.status(sandboxId, true));
  if (reply === null) {
    if (fs.existsSync(path.join(dir, sandboxId)))
      problems.push(`Status says NOT_FOUND but its directory exists`);
    return { slot: null, problems, viewsAgree: true };
  }
  const info = JSON.parse(reply.info.info ?? '{}') as { state?: SandboxState };
  const state = info.state as SandboxState;
  if (!['created', 'running', 'stopped'].includes(state))
    problems.push(`verbose state is ${String(info.state)}`);
  const ready = state === 'running' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY';
  if (reply.state !== ready) problems.push(`state string ${reply.state} for a ${state} sandbox`);
  if (reply.address !== taskAddress) problems.push(`address ${reply.address}, expected ${taskAddress}`);
  if (reply.version !== 3) problems.push(`version ${reply.version}`);

  const file = readSandboxFile(dir, sandboxId);
  const containers: Record<string, ContainerModel> = {};
  for (const containerId of new Set([...knownContainerIds, ...file.containerIds])) {
    const task = await unlessNotFound(clients.tasks.state(containerId));
    if (task === null) continue;
    const containerState = CONTAINER_STATES[task.status];
    if (!containerState) problems.push(`task ${containerId} has status ${Status[task.status]}`);
    containers[containerId] = {
      state: containerState ?? 'created',
      pid: task.pid,
      exitStatus: containerState === 'stopped' ? task.exitStatus : null,
    };
  }
  const slot: SandboxModel = { state, pid: reply.pid, generation: file.generation, containers };
  return { slot, problems, viewsAgree: viewsAgree(path.join(dir, sandboxId), slot) };
}

function viewsAgree(sandboxDir: string, slot: SandboxModel): boolean {
  const read = (file: string): { state?: string } | null => {
    try {
      return JSON.parse(fs.readFileSync(path.join(sandboxDir, file), 'utf8')) as { state?: string };
    } catch {
      return null;
    }
  };
  if (read('resources.json')?.state !== slot.state) return false;
  const containersDir = path.join(sandboxDir, 'containers');
  const files = fs.existsSync(containersDir) ? fs.readdirSync(containersDir).sort() : [];
  const ids = Object.keys(slot.containers).sort();
  if (files.join('/') !== ids.map((id) => `${id}.json`).join('/')) return false;
  return ids.every((id) => read(`containers/${id}.json`)?.state === slot.containers[id]?.state);
}
