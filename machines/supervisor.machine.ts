import { setup } from 'xstate';
import { UnavailableError } from '../src/errors.js';
import type { ExecContext } from './exec.machine.js';
import { execKey } from './registries.js';
import { handleSandboxRequest, type SandboxRequest } from './supervisor/sandbox-requests.js';
import type { SupervisorContext, SupervisorPorts } from './supervisor/shared.js';
import { handleTaskRequest, type TaskRequest } from './supervisor/task-requests.js';
import { restore, rollback, type RestoreRequest, type RollbackRequest } from './supervisor/restore.js';
import { syncTasks, type SyncTasksRequest } from './supervisor/kuasar-sync.js';
export type { SyncTasksRequest } from './supervisor/kuasar-sync.js';
export type { RecoveredSandbox, PersistedState } from './supervisor/restore.js';

export type { SupervisorPorts } from './supervisor/shared.js';
export type {
  CreateSandboxCommand,
  SandboxChange,
  SandboxRequest,
  SandboxView,
} from './supervisor/sandbox-requests.js';
export type { CreateTaskCommand, ProcessView, TaskRequest } from './supervisor/task-requests.js';

export type SupervisorEvent =
  | SandboxRequest
  | SyncTasksRequest
  | TaskRequest
  | RestoreRequest
  | RollbackRequest
  | { type: 'supervisor.drain' };

const exitOf = (context: { exitStatus: number | null; exitedAt: number | null }) => ({
  exitStatus: context.exitStatus ?? 0,
  exitedAt: context.exitedAt ?? 0,
});

/**
 * The one place where a request becomes an event for a sandbox, container or exec actor. It owns those actors
 * (root actors in the registries' Maps), checks every event against the target's current state before sending it
 * (handlers in machines/supervisor/), and answers each request once the resulting state is durable. While draining
 * (daemon shutdown) it refuses new requests with UNAVAILABLE, which containerd retries, and releases pending Waits
 * the same way.
 */
export const supervisorMachine = setup({
  types: {
    context: {} as SupervisorContext,
    input: {} as SupervisorPorts,
    events: {} as SupervisorEvent,
  },
  actions: {
    handleSandboxRequest: ({ context, event }) => {
      if (event.type === 'sandbox.sync-tasks') syncTasks(context, event);
      else if (event.type.startsWith('sandbox.')) handleSandboxRequest(context, event as SandboxRequest);
    },
    handleTaskRequest: ({ context, event }) => {
      if (event.type.startsWith('task.')) handleTaskRequest(context, event as TaskRequest);
    },
    restore: ({ context, event }) => {
      if (event.type === 'supervisor.restore') restore(context, event);
    },
    rollback: ({ context, event }) => {
      if (event.type === 'supervisor.rollback') rollback(context, event);
    },
    refuseRequest: ({ event }) => {
      if (event.type === 'supervisor.drain') return;
      event.reply.reject(new UnavailableError('resource-slot-sandboxer is shutting down'));
    },
    abandonWaiters: ({ context }) => {
      const { sandboxes, containers, execs } = context.registries;
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
  context: ({ input }) => {
    const { registries } = input;
    return {
      ports: input,
      registries,
      machines: {
        sandbox: input.sandboxMachine.provide({
          actions: {
            releaseWaiters: ({ context }) => registries.sandboxes.releaseWaiters(context.id, exitOf(context)),
          },
        }),
        container: input.containerMachine.provide({
          actions: {
            releaseWaiters: ({ context }) =>
              registries.containers.releaseWaiters(context.id, exitOf(context)),
          },
        }),
        exec: input.execMachine.provide({
          actions: {
            releaseWaiters: ({ context }: { context: ExecContext }) =>
              registries.execs.releaseWaiters(execKey(context.containerId, context.id), exitOf(context)),
          },
        }),
      },
    };
  },
  initial: 'serving',
  states: {
    serving: {
      on: {
        'sandbox.*': { actions: 'handleSandboxRequest' },
        'task.*': { actions: 'handleTaskRequest' },
        'supervisor.restore': { actions: 'restore' },
        'supervisor.rollback': { actions: 'rollback' },
        'supervisor.drain': { target: 'draining' },
      },
    },
    draining: {
      entry: 'abandonWaiters',
      on: {
        'sandbox.*': { actions: 'refuseRequest' },
        'task.*': { actions: 'refuseRequest' },
        'supervisor.restore': { actions: 'refuseRequest' },
        'supervisor.rollback': { actions: 'rollback' },
      },
    },
  },
});

export type SupervisorMachine = typeof supervisorMachine;
