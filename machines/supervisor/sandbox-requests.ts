import { createActor } from 'xstate';
import {
  AlreadyExistsError,
  NotFoundError,
  ResourceExhaustedError,
  type SandboxerError,
} from '../../src/errors.js';
import type { Exit } from '../actor-table.js';
import type { JsonObject } from '../json.js';
import type { SandboxActor } from '../registries.js';
import type { Reply } from '../reply.js';
import {
  sandboxEventMethod,
  type SandboxContext,
  type SandboxEvent,
  type SandboxStateName,
} from '../sandbox.machine.js';
import { ensureAccepted, rejecting, replyWhenDurable, type SupervisorContext } from './shared.js';
import { deleteContainersOf, stopContainersOf } from './task-requests.js';

/** A sandbox as the supervisor reports it: the state and context right after the request's transition. */
export interface SandboxView {
  state: SandboxStateName;
  context: SandboxContext;
  /** containerd's SANDBOX_READY (the `ready` tag). */
  ready: boolean;
  /** The sandbox's pid while it holds one (the `holdsPid` tag), else 0. */
  pid: number;
}

export interface CreateSandboxCommand {
  sandboxId: string;
  record: JsonObject;
  resources: JsonObject;
}

/** Computes a sandbox's next record and resources from its current context (may throw InvalidArgumentError). */
export type SandboxChange = (current: SandboxContext) => { record: JsonObject; resources: JsonObject };

export type SandboxRequest =
  | { type: 'sandbox.create'; command: CreateSandboxCommand; reply: Reply<SandboxView> }
  | { type: 'sandbox.start'; sandboxId: string; reply: Reply<SandboxView> }
  | { type: 'sandbox.stop'; sandboxId: string; reply: Reply<SandboxView | null> }
  | { type: 'sandbox.wait'; sandboxId: string; signal: AbortSignal; reply: Reply<Exit> }
  | { type: 'sandbox.status'; sandboxId: string; reply: Reply<SandboxView> }
  | { type: 'sandbox.shutdown'; sandboxId: string; reply: Reply<void> }
  | { type: 'sandbox.update'; sandboxId: string; change: SandboxChange; reply: Reply<SandboxView> };

export function sandboxView(actor: SandboxActor): SandboxView {
  const snapshot = actor.getSnapshot();
  return {
    state: snapshot.value,
    context: snapshot.context,
    ready: snapshot.hasTag('ready'),
    pid: snapshot.hasTag('holdsPid') ? snapshot.context.pid : 0,
  };
}

export function lookupSandbox(context: SupervisorContext, sandboxId: string): SandboxActor {
  const actor = context.registries.sandboxes.get(sandboxId);
  if (!actor) throw new NotFoundError(`sandbox ${sandboxId} not found`);
  return actor;
}

function transition(context: SupervisorContext, actor: SandboxActor, event: SandboxEvent): SandboxView {
  const before = actor.getSnapshot();
  const id = before.context.id;
  ensureAccepted(actor, context.machines.sandbox, event, `sandbox ${id}`, sandboxEventMethod[event.type]);
  // Containers stop with their sandbox, and go with it.
  if (event.type === 'STOP' || event.type === 'SHUTDOWN') stopContainersOf(context, id, event.at);
  if (event.type === 'SHUTDOWN') deleteContainersOf(context, id, event.at);
  actor.send(event);
  const after = sandboxView(actor);
  if (before.hasTag('holdsPid') && !actor.getSnapshot().hasTag('holdsPid'))
    context.ports.releasePid(before.context.pid);
  if (after.state === 'deleted') context.registries.sandboxes.remove(id);
  return after;
}

/** Answers a Wait at once if the process already exited, else when it does (or when the caller goes away). */
export function waitForExit(
  context: SupervisorContext,
  sandboxId: string,
  exited: Exit | null,
  register: (waiter: Reply<Exit>) => () => void,
  signal: AbortSignal,
  reply: Reply<Exit>,
): void {
  if (exited) return replyWhenDurable(context, sandboxId, reply, exited);
  const onAbort = (): void => forget();
  const forget = register({
    resolve: (exit) => {
      signal.removeEventListener('abort', onAbort);
      replyWhenDurable(context, sandboxId, reply, exit);
    },
    reject: (error) => {
      signal.removeEventListener('abort', onAbort);
      reply.reject(error);
    },
  });
  signal.addEventListener('abort', onAbort, { once: true });
}

export function handleSandboxRequest(context: SupervisorContext, request: SandboxRequest): void {
  const { ports, registries } = context;
  switch (request.type) {
    case 'sandbox.create':
      return rejecting(request.reply, () => {
        const { sandboxId, record, resources } = request.command;
        if (registries.sandboxes.has(sandboxId))
          throw new AlreadyExistsError(`sandbox ${sandboxId} already exists`);
        if (registries.sandboxes.size >= ports.maxSandboxes) {
          throw new ResourceExhaustedError(
            `${registries.sandboxes.size} sandboxes exist; --max-sandboxes allows at most ${ports.maxSandboxes}`,
          );
        }
        const actor = createActor(context.machines.sandbox, {
          parent: context.registries.entities.parent,
          input: { id: sandboxId, createdAt: ports.now(), record, resources },
        });
        registries.sandboxes.add(sandboxId, actor);
        registries.entities.start(actor);
        const created = sandboxView(actor);
        ports.whenDurable(sandboxId).then(
          () => request.reply.resolve(created),
          (error: SandboxerError) => {
            // Not durable means not created: forget it so a retry can succeed.
            if (registries.sandboxes.get(sandboxId) === actor) registries.sandboxes.remove(sandboxId);
            request.reply.reject(error);
          },
        );
      });
    case 'sandbox.start':
      return rejecting(request.reply, () => {
        const actor = lookupSandbox(context, request.sandboxId);
        const event = { type: 'START', at: ports.now(), pid: 0 } as const;
        ensureAccepted(actor, context.machines.sandbox, event, `sandbox ${request.sandboxId}`, 'Start');
        const started = transition(context, actor, { ...event, pid: ports.allocatePid() });
        replyWhenDurable(context, request.sandboxId, request.reply, started);
      });
    case 'sandbox.stop':
      return rejecting(request.reply, () => {
        const actor = registries.sandboxes.get(request.sandboxId);
        // containerd tolerates NotFound on Stop; Kuasar answers success for unknown ids, and so do we.
        if (!actor) return request.reply.resolve(null);
        const stopped = transition(context, actor, { type: 'STOP', at: ports.now(), exitStatus: 0 });
        replyWhenDurable(context, request.sandboxId, request.reply, stopped);
      });
    case 'sandbox.wait':
      return rejecting(request.reply, () => {
        const { context: sandbox } = lookupSandbox(context, request.sandboxId).getSnapshot();
        const exited =
          sandbox.exitedAt === null
            ? null
            : { exitStatus: sandbox.exitStatus ?? 0, exitedAt: sandbox.exitedAt };
        waitForExit(
          context,
          request.sandboxId,
          exited,
          (waiter) => registries.sandboxes.addWaiter(request.sandboxId, waiter),
          request.signal,
          request.reply,
        );
      });
    case 'sandbox.status':
      return rejecting(request.reply, () => {
        const actor = lookupSandbox(context, request.sandboxId);
        replyWhenDurable(context, request.sandboxId, request.reply, sandboxView(actor));
      });
    case 'sandbox.shutdown':
      return rejecting(request.reply, () => {
        const actor = registries.sandboxes.get(request.sandboxId);
        // containerd ignores NotFound on Shutdown: deleting what is already gone succeeds.
        if (!actor) return request.reply.resolve();
        transition(context, actor, { type: 'SHUTDOWN', at: ports.now() });
        replyWhenDurable(context, request.sandboxId, request.reply, undefined);
      });
    case 'sandbox.update':
      return rejecting(request.reply, () => {
        const actor = lookupSandbox(context, request.sandboxId);
        const next = request.change(actor.getSnapshot().context);
        const updated = transition(context, actor, { type: 'UPDATE', ...next });
        replyWhenDurable(context, request.sandboxId, request.reply, updated);
      });
  }
}
