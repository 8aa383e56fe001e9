import { assertEvent, assign, setup } from 'xstate';
import type { JsonObject } from '../src/core/json.js';

/**
 * The lifecycle of one container (a containerd task) inside a sandbox. Pure, like the sandbox machine: time, pids
 * and exit statuses arrive in events; files, logs, Wait callers and the exec processes it takes down are named
 * actions provided by src/ and the actor store. docs/container-transitions.md is the table
 * test/machines/container.machine.test.ts holds it to.
 */
export type ContainerStateName = 'created' | 'running' | 'paused' | 'stopped' | 'deleted';

/**
 * What a state means to the rest of the daemon, read with `snapshot.hasTag()`: `live`, the container's process
 * exists (it can be waited on and is stopped with its sandbox); `holdsPid`, its pid is taken (runc's init process
 * exists from Create on); `acceptsExec`, processes can be exec'd into it; `finished`, it has exited (a Kill is
 * answered NotFound, as runc answers "process already finished").
 */
export type ContainerTag = 'live' | 'holdsPid' | 'acceptsExec' | 'finished';

/** Marks containers and execs that came from Kuasar's extensions.tasks: a later task API Create adopts them. */
export const KUASAR_ORIGIN = 'extensions.tasks';

export interface ContainerContext {
  id: string;
  sandboxId: string;
  createdAt: number;
  startedAt: number | null;
  exitedAt: number | null;
  exitStatus: number | null;
  /** Assigned at Create, as runc's init process exists from then on. */
  pid: number;
  record: JsonObject;
  resources: JsonObject;
}

export interface ContainerInput {
  id: string;
  sandboxId: string;
  createdAt: number;
  pid: number;
  record: JsonObject;
  resources: JsonObject;
}

export type ContainerEvent =
  | { type: 'START'; at: number }
  /** Signal 0 only asks whether the process exists: nothing changes. */
  | { type: 'KILL'; at: number; signal: number }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'SANDBOX_STOPPED'; at: number }
  | { type: 'DELETE'; at: number }
  | { type: 'UPDATE'; resources: JsonObject }
  /** A process is about to be exec'd into the container: accepted only where it may be. */
  | { type: 'EXEC' }
  /** A task API Create for an id Kuasar's extensions.tasks announced: accepted only for that announcement. */
  | { type: 'ADOPT'; sandboxId: string }
  /** The process ends by itself, as its workload script says (src/workload/exits.ts): a completion or a crash. */
  | { type: 'EXIT'; at: number; exitStatus: number };

export type ContainerEventType = ContainerEvent['type'];

/** The call that sends each event (SANDBOX_STOPPED comes from the sandbox controller's Stop/Shutdown). */
export const containerEventMethod: Record<ContainerEventType, string> = {
  START: 'Start',
  KILL: 'Kill',
  PAUSE: 'Pause',
  RESUME: 'Resume',
  SANDBOX_STOPPED: 'sandbox Stop',
  DELETE: 'Delete',
  UPDATE: 'Update',
  EXEC: 'Exec',
  ADOPT: 'Create',
  EXIT: 'exit',
};

/** A process killed by a signal exits with 128 + the signal number, as a shell reports it. */
export const SIGKILL_EXIT_STATUS = 128 + 9;

export const containerMachine = setup({
  types: {
    context: {} as ContainerContext,
    input: {} as ContainerInput,
    events: {} as ContainerEvent,
    tags: {} as ContainerTag,
  },
  guards: {
    isSignalProbe: ({ event }) => event.type === 'KILL' && event.signal === 0,
    announcedByKuasar: ({ context, event }) =>
      event.type === 'ADOPT' &&
      context.record.origin === KUASAR_ORIGIN &&
      context.sandboxId === event.sandboxId,
  },
  actions: {
    recordStart: assign({
      startedAt: ({ event }) => {
        assertEvent(event, 'START');
        return event.at;
      },
    }),
    recordExit: assign(({ event }) => {
      assertEvent(event, ['KILL', 'SANDBOX_STOPPED', 'DELETE', 'EXIT']);
      const exitStatus =
        event.type === 'EXIT'
          ? event.exitStatus
          : event.type === 'KILL'
            ? 128 + event.signal
            : SIGKILL_EXIT_STATUS;
      return { exitedAt: event.at, exitStatus };
    }),
    applyUpdate: assign(({ event }) => {
      assertEvent(event, 'UPDATE');
      return { resources: event.resources };
    }),
    persist: (_args, _params: { state: ContainerStateName }) => {},
    forget: () => {},
    releaseWaiters: () => {},
    /** The container's process is gone, so are the processes exec'd into it (killed with signal 9). */
    killExecs: () => {},
    logTransition: (_args, _params: { state: ContainerStateName }) => {},
  },
}).createMachine({
  id: 'container',
  initial: 'created',
  context: ({ input }) => ({
    id: input.id,
    sandboxId: input.sandboxId,
    createdAt: input.createdAt,
    startedAt: null,
    exitedAt: null,
    exitStatus: null,
    pid: input.pid,
    record: input.record,
    resources: input.resources,
  }),
  states: {
    created: {
      tags: ['live', 'holdsPid'],
      entry: [
        { type: 'persist', params: { state: 'created' } },
        { type: 'logTransition', params: { state: 'created' } },
      ],
      on: {
        START: { target: 'running', actions: 'recordStart' },
        KILL: [
          { guard: 'isSignalProbe', target: 'created' },
          { target: 'stopped', actions: ['recordExit', 'killExecs'] },
        ],
        SANDBOX_STOPPED: { target: 'stopped', actions: ['recordExit', 'killExecs'] },
        DELETE: { target: 'deleted', actions: ['recordExit', 'killExecs'] },
        UPDATE: { target: 'created', reenter: true, actions: 'applyUpdate' },
        ADOPT: { guard: 'announcedByKuasar', target: 'created' },
      },
    },
    running: {
      tags: ['live', 'holdsPid', 'acceptsExec'],
      entry: [
        { type: 'persist', params: { state: 'running' } },
        { type: 'logTransition', params: { state: 'running' } },
      ],
      on: {
        KILL: [
          { guard: 'isSignalProbe', target: 'running' },
          { target: 'stopped', actions: ['recordExit', 'killExecs'] },
        ],
        PAUSE: { target: 'paused' },
        SANDBOX_STOPPED: { target: 'stopped', actions: ['recordExit', 'killExecs'] },
        UPDATE: { target: 'running', reenter: true, actions: 'applyUpdate' },
        EXEC: { target: 'running' },
        EXIT: { target: 'stopped', actions: ['recordExit', 'killExecs'] },
      },
    },
    paused: {
      tags: ['live', 'holdsPid'],
      entry: [
        { type: 'persist', params: { state: 'paused' } },
        { type: 'logTransition', params: { state: 'paused' } },
      ],
      on: {
        RESUME: { target: 'running' },
        KILL: [
          { guard: 'isSignalProbe', target: 'paused' },
          { target: 'stopped', actions: ['recordExit', 'killExecs'] },
        ],
        SANDBOX_STOPPED: { target: 'stopped', actions: ['recordExit', 'killExecs'] },
        UPDATE: { target: 'paused', reenter: true, actions: 'applyUpdate' },
        EXIT: { target: 'stopped', actions: ['recordExit', 'killExecs'] },
      },
    },
    stopped: {
      tags: ['finished'],
      entry: [
        { type: 'persist', params: { state: 'stopped' } },
        { type: 'logTransition', params: { state: 'stopped' } },
        'releaseWaiters',
      ],
      on: {
        DELETE: { target: 'deleted' },
      },
    },
    deleted: {
      type: 'final',
      // A task deleted before it ever stopped (from created) still answers its pending Waits.
      entry: ['forget', 'releaseWaiters', { type: 'logTransition', params: { state: 'deleted' } }],
    },
  },
});

export type ContainerMachine = typeof containerMachine;
