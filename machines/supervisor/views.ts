import type { ContainerContext, ContainerStateName } from '../container.machine.js';
import type { ExecStateName } from '../exec.machine.js';
import type { JsonObject } from '../../src/core/json.js';
import type { ContainerActor, ExecActor, Registries, SandboxActor } from '../registries.js';
import type { SandboxContext, SandboxStateName } from '../sandbox.machine.js';

/** A sandbox as the supervisor reports it: the state and context right after the request's transition. */
export interface SandboxView {
  state: SandboxStateName;
  context: SandboxContext;
  /** containerd's SANDBOX_READY (the `ready` tag). */
  ready: boolean;
  /** The sandbox's pid while it holds one (the `holdsPid` tag), else 0. */
  pid: number;
}

/**
 * What the usage model needs of a container (src/workload/): its record, resources and times, its sandbox's record
 * (the pod's annotations), whether its process exists (the `live` tag) and how many exec'd processes run in it.
 */
export interface UsageView {
  sandbox: SandboxContext;
  container: ContainerContext;
  live: boolean;
  liveExecs: number;
}

/** A container's init process (execId "") or an exec'd process, as the Task API reports it. */
export interface ProcessView {
  sandboxId: string;
  containerId: string;
  execId: string;
  state: ContainerStateName | ExecStateName;
  /** It has exited (the `finished` tag): its output can end, its stdin can close. */
  finished: boolean;
  pid: number;
  exitStatus: number | null;
  exitedAt: number | null;
  /** The process's own record (bundle and stdio for the init process, exec spec and stdio for an exec). */
  record: JsonObject;
}

export function sandboxView(actor: SandboxActor): SandboxView {
  const snapshot = actor.getSnapshot();
  return {
    state: snapshot.value,
    context: snapshot.context,
    ready: snapshot.hasTag('ready'),
    pid: snapshot.hasTag('holdsPid') ? snapshot.context.pid : 0,
  };
}

/** What both kinds of process snapshot have in common, as the Task API reports it. */
interface ProcessSnapshot {
  value: ContainerStateName | ExecStateName;
  context: { pid: number; exitStatus: number | null; exitedAt: number | null; record: JsonObject };
  hasTag(tag: 'finished'): boolean;
}

function processView(sandboxId: string, containerId: string, execId: string, snapshot: ProcessSnapshot) {
  const { pid, exitStatus, exitedAt, record } = snapshot.context;
  const finished = snapshot.hasTag('finished');
  return {
    sandboxId,
    containerId,
    execId,
    state: snapshot.value,
    finished,
    pid,
    exitStatus,
    exitedAt,
    record,
  };
}

export function containerView(actor: ContainerActor): ProcessView {
  const snapshot = actor.getSnapshot();
  return processView(snapshot.context.sandboxId, snapshot.context.id, '', snapshot);
}

export function execView(sandboxId: string, actor: ExecActor): ProcessView {
  const snapshot = actor.getSnapshot();
  return processView(sandboxId, snapshot.context.containerId, snapshot.context.id, snapshot);
}

export function usageView(
  registries: Registries,
  sandbox: SandboxActor,
  container: ContainerActor,
): UsageView {
  const snapshot = container.getSnapshot();
  const { id } = snapshot.context;
  const liveExecs = registries
    .execIdsOf(id)
    .filter((execId) => registries.getExec(id, execId)?.getSnapshot().hasTag('live')).length;
  return {
    sandbox: sandbox.getSnapshot().context,
    container: snapshot.context,
    live: snapshot.hasTag('live'),
    liveExecs,
  };
}
