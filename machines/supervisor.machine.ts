import { setup } from 'xstate';
import { UnavailableError } from '../src/core/errors.js';
import { ActorStore } from './supervisor/actor-store.js';
import type { SupervisorContext } from './supervisor/context.js';
import { dispatch } from './supervisor/handlers.js';
import type { SupervisorPorts } from './supervisor/ports.js';
import type { SupervisorEvent } from './supervisor/requests.js';

export type { PersistedState, RecoveredSandbox } from './supervisor/actor-store.js';
export type { EntityKind, SandboxUpdate, SupervisorPorts } from './supervisor/ports.js';
export type {
  AnswerOf,
  CreateSandboxCommand,
  CreateTaskCommand,
  RequestOf,
  RequestType,
  SupervisorEvent,
  SupervisorRequest,
} from './supervisor/requests.js';
export type { ProcessView, SandboxView, UsageView } from './supervisor/views.js';

/**
 * Where a request becomes an event for a sandbox, container or exec actor. While serving, each request goes to its
 * one handler (machines/supervisor/handlers.ts), which reaches the actors only through the actor store; the answer
 * follows once the resulting state is durable. While draining (daemon shutdown) it refuses new requests with
 * UNAVAILABLE, which containerd retries, and releases pending Waits the same way.
 */
export const supervisorMachine = setup({
  types: {
    context: {} as SupervisorContext,
    input: {} as SupervisorPorts,
    events: {} as SupervisorEvent,
  },
  actions: {
    dispatch: ({ context, event }) => {
      if (event.type !== 'supervisor.drain') dispatch(context, event);
    },
    refuseRequest: ({ event }) => {
      if (event.type === 'supervisor.drain') return;
      event.reply.reject(new UnavailableError('resource-slot-sandboxer is shutting down'));
    },
    abandonWaiters: ({ context }) => {
      const { sandboxes, containers, execs } = context.store.registries;
      const waiters = [
        ...sandboxes.takeAllWaiters(),
        ...containers.takeAllWaiters(),
        ...execs.takeAllWaiters(),
      ];
      for (const waiter of waiters) {
        waiter.reject(
          new UnavailableError('resource-slot-sandboxer is shutting down; retry Wait after restart'),
        );
      }
    },
  },
}).createMachine({
  id: 'supervisor',
  context: ({ input }) => ({ ports: input, store: new ActorStore(input) }),
  initial: 'serving',
  states: {
    serving: {
      on: {
        'sandbox.*': { actions: 'dispatch' },
        'task.*': { actions: 'dispatch' },
        'supervisor.restore': { actions: 'dispatch' },
        'supervisor.rollback': { actions: 'dispatch' },
        'supervisor.drain': { target: 'draining' },
      },
    },
    draining: {
      entry: 'abandonWaiters',
      on: {
        'sandbox.*': { actions: 'refuseRequest' },
        'task.*': { actions: 'refuseRequest' },
        'supervisor.restore': { actions: 'refuseRequest' },
        'supervisor.rollback': { actions: 'dispatch' },
      },
    },
  },
});

export type SupervisorMachine = typeof supervisorMachine;
