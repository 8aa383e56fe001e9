import { createActor, setup } from 'xstate';
import {
  AlreadyExistsError,
  FailedPreconditionError,
  NotFoundError,
  UnavailableError,
  type SandboxerError,
} from '../src/errors.js';
import type { JsonObject } from './json.js';
import type { Reply } from './reply.js';
import { SandboxRegistry, type SandboxActor, type SandboxExit } from './sandbox-registry.js';
import {
  sandboxEventMethod,
  type SandboxContext,
  type SandboxEvent,
  type SandboxMachine,
  type SandboxStateName,
} from './sandbox.machine.js';
import { statesAccepting } from './states-accepting.js';

/** A sandbox as the supervisor reports it: the state and context right after the request's transition. */
export interface SandboxView {
  state: SandboxStateName;
  context: SandboxContext;
}

export interface CreateSandboxCommand {
  sandboxId: string;
  record: JsonObject;
  resources: JsonObject;
}

/** Computes a sandbox's next record and resources from its current context (may throw InvalidArgumentError). */
export type SandboxChange = (current: SandboxContext) => { record: JsonObject; resources: JsonObject };

/** The I/O the supervisor needs, provided by src/ (tests provide fakes). */
export interface SupervisorPorts {
  /** The sandbox machine with its effects (persist, forget, logTransition) already provided. */
  sandboxMachine: SandboxMachine;
  now(): number;
  allocatePid(): number;
  releasePid(pid: number): void;
  /** Resolves when everything the sandbox's actor has entered so far is durable on disk. */
  whenDurable(sandboxId: string): Promise<void>;
}

export type SupervisorEvent =
  | { type: 'sandbox.create'; command: CreateSandboxCommand; reply: Reply<SandboxView> }
  | { type: 'sandbox.start'; sandboxId: string; reply: Reply<SandboxView> }
  | { type: 'sandbox.stop'; sandboxId: string; reply: Reply<SandboxView | null> }
  | { type: 'sandbox.wait'; sandboxId: string; signal: AbortSignal; reply: Reply<SandboxExit> }
  | { type: 'sandbox.status'; sandboxId: string; reply: Reply<SandboxView> }
  | { type: 'sandbox.shutdown'; sandboxId: string; reply: Reply<void> }
  | { type: 'sandbox.update'; sandboxId: string; change: SandboxChange; reply: Reply<SandboxView> }
  | { type: 'supervisor.drain' };

export type SandboxRequest = Exclude<SupervisorEvent, { type: 'supervisor.drain' }>;

export interface SupervisorContext {
  registry: SandboxRegistry;
  ports: SupervisorPorts;
  machine: SandboxMachine;
}

function view(actor: SandboxActor): SandboxView {
  const snapshot = actor.getSnapshot();
  return { state: snapshot.value, context: snapshot.context };
}

function lookup(context: SupervisorContext, sandboxId: string): SandboxActor {
  const actor = context.registry.get(sandboxId);
  if (!actor) throw new NotFoundError(`sandbox ${sandboxId} not found`);
  return actor;
}

/**
 * Sends `event` to the sandbox if its current state accepts it (XState would silently drop it otherwise), keeps
 * the pid allocator and the registry in step with the result, and returns the resulting view.
 */
function transition(context: SupervisorContext, actor: SandboxActor, event: SandboxEvent): SandboxView {
  const before = actor.getSnapshot();
  ensureAccepted(context, actor, event);
  actor.send(event);
  const after = view(actor);
  if (before.value === 'running' && after.state !== 'running') context.ports.releasePid(before.context.pid);
  if (after.state === 'deleted') context.registry.remove(before.context.id);
  return after;
}

function ensureAccepted(context: SupervisorContext, actor: SandboxActor, event: SandboxEvent): void {
  const before = actor.getSnapshot();
  if (!before.can(event)) {
    const allowed = statesAccepting(context.machine, event);
    throw new FailedPreconditionError(
      `sandbox ${before.context.id} is ${before.value}; ${sandboxEventMethod[event.type]} is allowed only in ` +
        (allowed.length > 0 ? allowed.join(' or ') : 'no state'),
    );
  }
}

/** Answers once the sandbox's state is durable, so an acknowledged transition survives a crash. */
function replyWhenDurable<T>(context: SupervisorContext, sandboxId: string, reply: Reply<T>, value: T): void {
  context.ports.whenDurable(sandboxId).then(
    () => reply.resolve(value),
    (error: SandboxerError) => reply.reject(error),
  );
}

function rejecting<T>(reply: Reply<T>, work: () => void): void {
  try {
    work();
  } catch (error) {
    reply.reject(error as SandboxerError);
  }
}

function handle(context: SupervisorContext, request: SandboxRequest): void {
  const { ports, registry } = context;
  switch (request.type) {
    case 'sandbox.create':
      return rejecting(request.reply, () => {
        const { sandboxId, record, resources } = request.command;
        if (registry.has(sandboxId)) throw new AlreadyExistsError(`sandbox ${sandboxId} already exists`);
        const actor = createActor(context.machine, {
          input: { id: sandboxId, createdAt: ports.now(), record, resources },
        });
        registry.add(sandboxId, actor);
        actor.start();
        const created = view(actor);
        ports.whenDurable(sandboxId).then(
          () => request.reply.resolve(created),
          (error: SandboxerError) => {
            // Not durable means not created: forget it so a retry can succeed.
            if (registry.get(sandboxId) === actor) registry.remove(sandboxId);
            request.reply.reject(error);
          },
        );
      });
    case 'sandbox.start':
      return rejecting(request.reply, () => {
        const actor = lookup(context, request.sandboxId);
        const event: SandboxEvent = { type: 'START', at: ports.now(), pid: 0 };
        ensureAccepted(context, actor, event);
        const started = transition(context, actor, { ...event, pid: ports.allocatePid() });
        replyWhenDurable(context, request.sandboxId, request.reply, started);
      });
    case 'sandbox.stop':
      return rejecting(request.reply, () => {
        const actor = registry.get(request.sandboxId);
        // containerd tolerates NotFound on Stop; Kuasar answers success for unknown ids, and so do we.
        if (!actor) return request.reply.resolve(null);
        const stopped = transition(context, actor, { type: 'STOP', at: ports.now(), exitStatus: 0 });
        replyWhenDurable(context, request.sandboxId, request.reply, stopped);
      });
    case 'sandbox.wait':
      return rejecting(request.reply, () => {
        const actor = lookup(context, request.sandboxId);
        const { context: sandbox } = actor.getSnapshot();
        if (sandbox.exitedAt !== null) {
          const exit = { exitStatus: sandbox.exitStatus ?? 0, exitedAt: sandbox.exitedAt };
          return replyWhenDurable(context, request.sandboxId, request.reply, exit);
        }
        const { signal, reply } = request;
        const onAbort = (): void => forget();
        const forget = registry.addWaiter(request.sandboxId, {
          resolve: (exit) => {
            signal.removeEventListener('abort', onAbort);
            replyWhenDurable(context, request.sandboxId, reply, exit);
          },
          reject: (error) => {
            signal.removeEventListener('abort', onAbort);
            reply.reject(error);
          },
        });
        signal.addEventListener('abort', onAbort, { once: true });
      });
    case 'sandbox.status':
      return rejecting(request.reply, () => {
        const actor = lookup(context, request.sandboxId);
        replyWhenDurable(context, request.sandboxId, request.reply, view(actor));
      });
    case 'sandbox.shutdown':
      return rejecting(request.reply, () => {
        const actor = registry.get(request.sandboxId);
        // containerd ignores NotFound on Shutdown: deleting what is already gone succeeds.
        if (!actor) return request.reply.resolve();
        transition(context, actor, { type: 'SHUTDOWN', at: ports.now() });
        replyWhenDurable(context, request.sandboxId, request.reply, undefined);
      });
    case 'sandbox.update':
      return rejecting(request.reply, () => {
        const actor = lookup(context, request.sandboxId);
        const next = request.change(actor.getSnapshot().context);
        const updated = transition(context, actor, { type: 'UPDATE', ...next });
        replyWhenDurable(context, request.sandboxId, request.reply, updated);
      });
  }
}

/**
 * The one place where a request becomes an event for a sandbox actor. It owns the sandbox actors (root actors in
 * a registry Map), checks every event against the target's current state before sending it, and answers each
 * request once the resulting state is durable. While draining (daemon shutdown) it refuses new requests with
 * UNAVAILABLE, which containerd retries, and releases pending Waits the same way.
 */
export const supervisorMachine = setup({
  types: {
    context: {} as SupervisorContext,
    input: {} as SupervisorPorts,
    events: {} as SupervisorEvent,
  },
  actions: {
    handleRequest: ({ context, event }) => {
      if (event.type === 'supervisor.drain') return;
      handle(context, event);
    },
    refuseRequest: ({ event }) => {
      if (event.type === 'supervisor.drain') return;
      event.reply.reject(new UnavailableError('resource-slot-sandboxer is shutting down'));
    },
    abandonWaiters: ({ context }) => {
      for (const waiter of context.registry.takeAllWaiters()) {
        waiter.reject(
          new UnavailableError('resource-slot-sandboxer is shutting down; retry Wait after restart'),
        );
      }
    },
  },
}).createMachine({
  id: 'supervisor',
  context: ({ input }) => {
    const registry = new SandboxRegistry();
    const machine = input.sandboxMachine.provide({
      actions: {
        releaseWaiters: ({ context }) =>
          registry.releaseWaiters(context.id, {
            exitStatus: context.exitStatus ?? 0,
            exitedAt: context.exitedAt ?? 0,
          }),
      },
    });
    return { registry, ports: input, machine };
  },
  initial: 'serving',
  states: {
    serving: {
      on: {
        'sandbox.*': { actions: 'handleRequest' },
        'supervisor.drain': { target: 'draining' },
      },
    },
    draining: {
      entry: 'abandonWaiters',
      on: {
        'sandbox.*': { actions: 'refuseRequest' },
      },
    },
  },
});

export type SupervisorMachine = typeof supervisorMachine;
