import { createActor } from 'xstate';
import {
  AlreadyExistsError,
  FailedPreconditionError,
  NotFoundError,
  type SandboxerError,
} from '../../src/errors.js';
import type { Exit } from '../actor-table.js';
import { containerEventMethod, type ContainerEvent } from '../container.machine.js';
import { execEventMethod, type ExecEvent } from '../exec.machine.js';
import type { JsonObject } from '../json.js';
import { execKey, type ContainerActor, type ExecActor } from '../registries.js';
import type { Reply } from '../reply.js';
import { statesTagged } from '../states-accepting.js';
import { lookupSandbox, waitForExit } from './sandbox-requests.js';
import {
  ensureAccepted,
  KUASAR_ORIGIN,
  rejecting,
  replyWhenDurable,
  type SupervisorContext,
} from './shared.js';

/** A container's init process (execId "") or an exec'd process, as the Task API reports it. */
export interface ProcessView {
  sandboxId: string;
  containerId: string;
  execId: string;
  state: string;
  pid: number;
  exitStatus: number | null;
  exitedAt: number | null;
  /** The process's own record (bundle and stdio for the init process, exec spec and stdio for an exec). */
  record: JsonObject;
}

export interface CreateTaskCommand {
  containerId: string;
  sandboxId: string;
  record: JsonObject;
  resources: JsonObject;
}

export interface TaskTarget {
  containerId: string;
  /** "" names the container's init process. */
  execId: string;
}

export type TaskRequest =
  | { type: 'task.create'; command: CreateTaskCommand; reply: Reply<ProcessView> }
  | ({ type: 'task.start'; reply: Reply<ProcessView> } & TaskTarget)
  | ({ type: 'task.kill'; signal: number; all: boolean; reply: Reply<void> } & TaskTarget)
  | ({ type: 'task.delete'; reply: Reply<ProcessView> } & TaskTarget)
  | ({ type: 'task.state'; reply: Reply<ProcessView> } & TaskTarget)
  | ({ type: 'task.wait'; signal: AbortSignal; reply: Reply<Exit> } & TaskTarget)
  | { type: 'task.pause' | 'task.resume'; containerId: string; reply: Reply<void> }
  | ({ type: 'task.exec'; record: JsonObject; reply: Reply<void> } & TaskTarget)
  | {
      type: 'task.update';
      containerId: string;
      change: (resources: JsonObject) => JsonObject;
      reply: Reply<void>;
    }
  | { type: 'task.pids'; containerId: string; reply: Reply<number[]> };

function lookupContainer(context: SupervisorContext, containerId: string): ContainerActor {
  const actor = context.registries.containers.get(containerId);
  if (!actor) throw new NotFoundError(`task ${containerId} not found`);
  return actor;
}

function lookupExec(context: SupervisorContext, containerId: string, execId: string): ExecActor {
  lookupContainer(context, containerId);
  const actor = context.registries.getExec(containerId, execId);
  if (!actor) throw new NotFoundError(`process ${execId} of task ${containerId} not found`);
  return actor;
}

function containerView(actor: ContainerActor): ProcessView {
  const { value, context } = actor.getSnapshot();
  return {
    sandboxId: context.sandboxId,
    containerId: context.id,
    execId: '',
    state: value,
    pid: context.pid,
    exitStatus: context.exitStatus,
    exitedAt: context.exitedAt,
    record: context.record,
  };
}

function execView(sandboxId: string, actor: ExecActor): ProcessView {
  const { value, context } = actor.getSnapshot();
  return {
    sandboxId,
    containerId: context.containerId,
    execId: context.id,
    state: value,
    pid: context.pid,
    exitStatus: context.exitStatus,
    exitedAt: context.exitedAt,
    record: context.record,
  };
}

function viewOf(context: SupervisorContext, target: TaskTarget): ProcessView {
  const container = lookupContainer(context, target.containerId);
  if (target.execId === '') return containerView(container);
  return execView(
    container.getSnapshot().context.sandboxId,
    lookupExec(context, target.containerId, target.execId),
  );
}

export function sendToContainer(
  context: SupervisorContext,
  actor: ContainerActor,
  event: ContainerEvent,
): ProcessView {
  const before = actor.getSnapshot();
  const { id, sandboxId, pid } = before.context;
  if (event.type === 'KILL' && before.hasTag('finished')) {
    // runc answers "process already finished" with NotFound, and containerd's stop path tolerates exactly that.
    throw new NotFoundError(`task ${id}: process already finished`);
  }
  ensureAccepted(actor, context.machines.container, event, `task ${id}`, containerEventMethod[event.type]);
  actor.send(event);
  const after = containerView(actor);
  const now = actor.getSnapshot();
  if (before.hasTag('holdsPid') && !now.hasTag('holdsPid')) context.ports.releasePid(pid);
  if (before.hasTag('live') && !now.hasTag('live')) {
    const at = 'at' in event ? event.at : context.ports.now();
    for (const execId of context.registries.execIdsOf(id)) {
      const exec = context.registries.getExec(id, execId);
      if (exec?.getSnapshot().hasTag('live'))
        sendToExec(context, sandboxId, exec, { type: 'KILL', at, signal: 9 });
    }
  }
  if (after.state === 'deleted') context.registries.removeContainer(sandboxId, id);
  return after;
}

export function sendToExec(
  context: SupervisorContext,
  sandboxId: string,
  actor: ExecActor,
  event: ExecEvent,
): ProcessView {
  const before = actor.getSnapshot();
  const { id, containerId, pid } = before.context;
  if (event.type === 'KILL' && before.hasTag('finished')) {
    throw new NotFoundError(`process ${id} of task ${containerId}: process already finished`);
  }
  ensureAccepted(
    actor,
    context.machines.exec,
    event,
    `process ${id} of task ${containerId}`,
    execEventMethod[event.type],
  );
  actor.send(event);
  const after = execView(sandboxId, actor);
  if (before.hasTag('holdsPid') && !actor.getSnapshot().hasTag('holdsPid')) context.ports.releasePid(pid);
  if (after.state === 'deleted') context.registries.removeExec(containerId, id);
  return after;
}

/** The sandbox is stopping: every live container of it stops as if SIGKILLed (exit status 137). */
export function stopContainersOf(context: SupervisorContext, sandboxId: string, at: number): void {
  for (const containerId of context.registries.containerIdsOf(sandboxId)) {
    const actor = context.registries.containers.get(containerId);
    if (actor?.getSnapshot().hasTag('live')) sendToContainer(context, actor, { type: 'SANDBOX_STOPPED', at });
  }
}

/** The sandbox is being shut down: its (already stopped) containers and their processes are deleted. */
export function deleteContainersOf(context: SupervisorContext, sandboxId: string, at: number): void {
  for (const containerId of context.registries.containerIdsOf(sandboxId)) {
    for (const execId of context.registries.execIdsOf(containerId)) {
      const exec = context.registries.getExec(containerId, execId);
      if (exec) sendToExec(context, sandboxId, exec, { type: 'DELETE', at });
    }
    const actor = context.registries.containers.get(containerId);
    if (actor) sendToContainer(context, actor, { type: 'DELETE', at });
  }
}

function exitOf(view: ProcessView): Exit | null {
  return view.exitedAt === null ? null : { exitStatus: view.exitStatus ?? 0, exitedAt: view.exitedAt };
}

export function handleTaskRequest(context: SupervisorContext, request: TaskRequest): void {
  const { ports, registries } = context;
  switch (request.type) {
    case 'task.create':
      return rejecting(request.reply, () => {
        const { containerId, sandboxId, record, resources } = request.command;
        const existing = registries.containers.get(containerId);
        if (existing) {
          const { value, context: known } = existing.getSnapshot();
          // Kuasar's fork announces containers through extensions.tasks before it calls the task API's Create.
          if (known.record.origin === KUASAR_ORIGIN && known.sandboxId === sandboxId && value === 'created') {
            return replyWhenDurable(context, sandboxId, request.reply, containerView(existing));
          }
          throw new AlreadyExistsError(`task ${containerId} already exists`);
        }
        const sandbox = lookupSandbox(context, sandboxId).getSnapshot();
        if (!sandbox.hasTag('acceptsContainers')) {
          const accepting = statesTagged(context.machines.sandbox, 'acceptsContainers').join(' or ');
          throw new FailedPreconditionError(
            `sandbox ${sandboxId} is ${sandbox.value}; containers can be created only in a ${accepting} sandbox`,
          );
        }
        const actor = createActor(context.machines.container, {
          parent: context.registries.entities.parent,
          input: {
            id: containerId,
            sandboxId,
            createdAt: ports.now(),
            pid: ports.allocatePid(),
            record,
            resources,
          },
        });
        registries.addContainer(sandboxId, containerId, actor);
        registries.entities.start(actor);
        const created = containerView(actor);
        ports.whenDurable(sandboxId).then(
          () => request.reply.resolve(created),
          (error: SandboxerError) => {
            if (registries.containers.get(containerId) === actor) {
              ports.releasePid(created.pid);
              registries.removeContainer(sandboxId, containerId);
            }
            request.reply.reject(error);
          },
        );
      });
    case 'task.exec':
      return rejecting(request.reply, () => {
        const container = lookupContainer(context, request.containerId);
        const owner = container.getSnapshot();
        if (!owner.hasTag('acceptsExec')) {
          const accepting = statesTagged(context.machines.container, 'acceptsExec').join(' or ');
          throw new FailedPreconditionError(
            `task ${request.containerId} is ${owner.value}; Exec is allowed only in ${accepting}`,
          );
        }
        if (registries.getExec(request.containerId, request.execId)) {
          throw new AlreadyExistsError(
            `process ${request.execId} of task ${request.containerId} already exists`,
          );
        }
        const actor = createActor(context.machines.exec, {
          parent: context.registries.entities.parent,
          input: {
            id: request.execId,
            containerId: request.containerId,
            createdAt: ports.now(),
            record: request.record,
          },
        });
        registries.addExec(request.containerId, request.execId, actor);
        registries.entities.start(actor);
        replyWhenDurable(context, owner.context.sandboxId, request.reply, undefined);
      });
    case 'task.start':
      return rejecting(request.reply, () => {
        const container = lookupContainer(context, request.containerId);
        const sandboxId = container.getSnapshot().context.sandboxId;
        let started: ProcessView;
        if (request.execId === '') {
          started = sendToContainer(context, container, { type: 'START', at: ports.now() });
        } else {
          const exec = lookupExec(context, request.containerId, request.execId);
          const at = ports.now();
          const probe: ExecEvent = { type: 'START', at, pid: 0 };
          ensureAccepted(exec, context.machines.exec, probe, `process ${request.execId}`, 'Start');
          started = sendToExec(context, sandboxId, exec, { type: 'START', at, pid: ports.allocatePid() });
          // Nothing runs: an exec'd command finishes at once, successfully.
          sendToExec(context, sandboxId, exec, { type: 'EXIT', at, exitStatus: 0 });
        }
        replyWhenDurable(context, sandboxId, request.reply, started);
      });
    case 'task.kill':
      return rejecting(request.reply, () => {
        const container = lookupContainer(context, request.containerId);
        const sandboxId = container.getSnapshot().context.sandboxId;
        const at = ports.now();
        if (request.execId !== '') {
          const exec = lookupExec(context, request.containerId, request.execId);
          if (request.signal !== 0)
            sendToExec(context, sandboxId, exec, { type: 'KILL', at, signal: request.signal });
        } else if (request.signal === 0) {
          if (container.getSnapshot().hasTag('finished')) {
            throw new NotFoundError(`task ${request.containerId}: process already finished`);
          }
        } else {
          sendToContainer(context, container, { type: 'KILL', at, signal: request.signal });
        }
        replyWhenDurable(context, sandboxId, request.reply, undefined);
      });
    case 'task.delete':
      return rejecting(request.reply, () => {
        const container = lookupContainer(context, request.containerId);
        const sandboxId = container.getSnapshot().context.sandboxId;
        const at = ports.now();
        const before = viewOf(context, request);
        if (request.execId === '') sendToContainer(context, container, { type: 'DELETE', at });
        else
          sendToExec(context, sandboxId, lookupExec(context, request.containerId, request.execId), {
            type: 'DELETE',
            at,
          });
        replyWhenDurable(context, sandboxId, request.reply, before);
      });
    case 'task.state':
      return rejecting(request.reply, () => {
        const view = viewOf(context, request);
        replyWhenDurable(context, view.sandboxId, request.reply, view);
      });
    case 'task.wait':
      return rejecting(request.reply, () => {
        const view = viewOf(context, request);
        const table = request.execId === '' ? registries.containers : registries.execs;
        const key =
          request.execId === '' ? request.containerId : execKey(request.containerId, request.execId);
        waitForExit(
          context,
          view.sandboxId,
          exitOf(view),
          (waiter) => table.addWaiter(key, waiter),
          request.signal,
          request.reply,
        );
      });
    case 'task.pause':
    case 'task.resume':
      return rejecting(request.reply, () => {
        const container = lookupContainer(context, request.containerId);
        const view = sendToContainer(context, container, {
          type: request.type === 'task.pause' ? 'PAUSE' : 'RESUME',
        });
        replyWhenDurable(context, view.sandboxId, request.reply, undefined);
      });
    case 'task.update':
      return rejecting(request.reply, () => {
        const container = lookupContainer(context, request.containerId);
        const resources = request.change(container.getSnapshot().context.resources);
        const view = sendToContainer(context, container, { type: 'UPDATE', resources });
        replyWhenDurable(context, view.sandboxId, request.reply, undefined);
      });
    case 'task.pids':
      return rejecting(request.reply, () => {
        const container = lookupContainer(context, request.containerId);
        if (!container.getSnapshot().hasTag('live')) return request.reply.resolve([]);
        const view = containerView(container);
        const execPids = registries
          .execIdsOf(request.containerId)
          .map((execId) => registries.getExec(request.containerId, execId)?.getSnapshot())
          .filter((snapshot) => snapshot?.hasTag('live'))
          .map((snapshot) => snapshot?.context.pid ?? 0);
        request.reply.resolve([view.pid, ...execPids]);
      });
  }
}
