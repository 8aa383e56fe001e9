import { assertEvent, assign, raise, setup } from 'xstate';
import type { JsonObject } from '../src/core/json.js';

/**
 * The lifecycle of one pod sandbox. Pure: time and pids arrive inside events, and every effect (writing files,
 * logging, releasing Wait callers) is a named action that src/ provides.
 *
 * The legal moves are listed in docs/sandbox-transitions.md, and test/machines/sandbox.machine.test.ts holds
 * the machine to that table.
 */
export type SandboxStateName = 'created' | 'running' | 'stopped' | 'deleted';

/**
 * What a state means to the rest of the daemon, read with `snapshot.hasTag()`: `ready`, containerd sees the pod
 * as SANDBOX_READY; `awaitingStart`, created and never started (containerd may have given up on it: see
 * --unstarted-grace); `holdsPid`, the sandbox's fake pid is taken; `acceptsContainers`, containers can be created in
 * it; `finished`, it has exited (Wait answers at once).
 */
export type SandboxTag = 'awaitingStart' | 'ready' | 'holdsPid' | 'acceptsContainers' | 'finished';

/** What the sandbox was created with and what it was later updated to. Opaque to the machine: only stored. */
export interface SandboxContext {
  id: string;
  createdAt: number;
  startedAt: number | null;
  exitedAt: number | null;
  exitStatus: number | null;
  pid: number;
  record: JsonObject;
  resources: JsonObject;
  /**
   * How many containers of each name were created in the sandbox: kubelet restarts a container by creating another
   * of the same name, so this is the run number of the newest (kubelet's restartCount + 1). Absent in snapshots
   * written before runs were counted.
   */
  runs?: Record<string, number>;
}

export interface SandboxInput {
  id: string;
  createdAt: number;
  record: JsonObject;
  resources: JsonObject;
}

export type SandboxEvent =
  | { type: 'START'; at: number; pid: number }
  | { type: 'STOP'; at: number; exitStatus: number }
  | { type: 'SHUTDOWN'; at: number }
  | { type: 'UPDATE'; record: JsonObject; resources: JsonObject }
  /** A container named `name` ('' when unnamed) is about to be created in the sandbox: accepted only where it may be. */
  | { type: 'ADD_CONTAINER'; name: string };

export type SandboxEventType = SandboxEvent['type'];

/** The gRPC method that sends each event; used in error messages and diagrams. */
export const sandboxEventMethod: Record<SandboxEventType, string> = {
  START: 'Start',
  STOP: 'Stop',
  SHUTDOWN: 'Shutdown',
  UPDATE: 'Update',
  ADD_CONTAINER: 'task Create',
};

export const sandboxMachine = setup({
  types: {
    context: {} as SandboxContext,
    input: {} as SandboxInput,
    events: {} as SandboxEvent,
    tags: {} as SandboxTag,
  },
  guards: {
    /** A container with a name (CRI's); unnamed ones (other clients) have no runs to count. */
    isNamed: ({ event }) => event.type === 'ADD_CONTAINER' && event.name !== '',
  },
  actions: {
    recordStart: assign(({ event }) => {
      assertEvent(event, 'START');
      return { pid: event.pid, startedAt: event.at };
    }),
    recordExit: assign(({ event }) => {
      assertEvent(event, ['STOP', 'SHUTDOWN']);
      return { exitedAt: event.at, exitStatus: event.type === 'STOP' ? event.exitStatus : 0 };
    }),
    countRun: assign(({ context, event }) => {
      assertEvent(event, 'ADD_CONTAINER');
      const runs = context.runs ?? {};
      return { runs: { ...runs, [event.name]: (runs[event.name] ?? 0) + 1 } };
    }),
    applyUpdate: assign(({ event }) => {
      assertEvent(event, 'UPDATE');
      return { record: event.record, resources: event.resources };
    }),
    /** Shutdown of a sandbox that is not stopped yet goes through `stopped` first, so Wait callers are released. */
    shutdownAgain: raise(({ event }) => event),
    /** Write sandbox.json and resources.json for the state just entered. */
    persist: (_args, _params: { state: SandboxStateName }) => {},
    /** Remove everything the sandbox has on disk. */
    forget: () => {},
    /** Its live containers stop as if SIGKILLed, before the sandbox's own Waits are answered. */
    stopContainers: () => {},
    /** Its containers and their exec'd processes are deleted with it. */
    deleteContainers: () => {},
    /** Answer every pending Wait with the recorded exit. */
    releaseWaiters: () => {},
    /** One log line per lifecycle step. */
    logTransition: (_args, _params: { state: SandboxStateName }) => {},
  },
}).createMachine({
  id: 'sandbox',
  initial: 'created',
  context: ({ input }) => ({
    id: input.id,
    createdAt: input.createdAt,
    startedAt: null,
    exitedAt: null,
    exitStatus: null,
    pid: 0,
    record: input.record,
    resources: input.resources,
  }),
  states: {
    created: {
      tags: ['awaitingStart'],
      entry: [
        { type: 'persist', params: { state: 'created' } },
        { type: 'logTransition', params: { state: 'created' } },
      ],
      on: {
        START: {
          target: 'running',
          actions: 'recordStart',
        },
        STOP: { target: 'stopped', actions: ['recordExit', 'stopContainers'] },
        SHUTDOWN: { target: 'stopped', actions: ['recordExit', 'stopContainers', 'shutdownAgain'] },
        UPDATE: { target: 'created', reenter: true, actions: 'applyUpdate' },
      },
    },
    running: {
      tags: ['ready', 'holdsPid', 'acceptsContainers'],
      entry: [
        { type: 'persist', params: { state: 'running' } },
        { type: 'logTransition', params: { state: 'running' } },
      ],
      on: {
        STOP: { target: 'stopped', actions: ['recordExit', 'stopContainers'] },
        SHUTDOWN: { target: 'stopped', actions: ['recordExit', 'stopContainers', 'shutdownAgain'] },
        UPDATE: { target: 'running', reenter: true, actions: 'applyUpdate' },
        // A named one is counted and written, not re-entered: its run number must survive a daemon restart.
        ADD_CONTAINER: [
          { guard: 'isNamed', actions: ['countRun', { type: 'persist', params: { state: 'running' } }] },
          // A transition to itself (not re-entered): XState's can() reports a targetless, actionless one as refused.
          { target: 'running' },
        ],
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
        // Stop is idempotent: accepted, nothing changes, nothing is written.
        STOP: { target: 'stopped' },
        SHUTDOWN: { target: 'deleted', actions: 'deleteContainers' },
        UPDATE: { target: 'stopped', reenter: true, actions: 'applyUpdate' },
      },
    },
    deleted: {
      type: 'final',
      entry: ['forget', { type: 'logTransition', params: { state: 'deleted' } }],
    },
  },
});

export type SandboxMachine = typeof sandboxMachine;
