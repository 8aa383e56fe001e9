import { assertEvent, assign, setup } from 'xstate';
import type { JsonObject } from '../src/core/json.js';

/**
 * A process exec'd into a container (`crictl exec`). Nothing runs: by default the supervisor sends EXIT with
 * status 0 right after Start, so Wait answers at once, as for a command that finished instantly.
 */
export type ExecStateName = 'created' | 'running' | 'stopped' | 'deleted';

/**
 * `live` and `holdsPid`: the process runs and has a pid; `finished`: it has exited (a Kill other than the signal 0
 * probe is answered NotFound).
 */
export type ExecTag = 'live' | 'holdsPid' | 'finished';

export interface ExecContext {
  id: string;
  containerId: string;
  createdAt: number;
  pid: number;
  exitedAt: number | null;
  exitStatus: number | null;
  record: JsonObject;
}

export interface ExecInput {
  id: string;
  containerId: string;
  createdAt: number;
  record: JsonObject;
}

export type ExecEvent =
  | { type: 'START'; at: number; pid: number }
  | { type: 'EXIT'; at: number; exitStatus: number }
  /** Signal 0 only asks whether the process exists: nothing changes. */
  | { type: 'KILL'; at: number; signal: number }
  | { type: 'DELETE'; at: number };

export type ExecEventType = ExecEvent['type'];

export const execEventMethod: Record<ExecEventType, string> = {
  START: 'Start',
  EXIT: 'exit',
  KILL: 'Kill',
  DELETE: 'Delete',
};

export const execMachine = setup({
  types: {
    context: {} as ExecContext,
    input: {} as ExecInput,
    events: {} as ExecEvent,
    tags: {} as ExecTag,
  },
  guards: {
    isSignalProbe: ({ event }) => event.type === 'KILL' && event.signal === 0,
  },
  actions: {
    recordStart: assign({
      pid: ({ event }) => {
        assertEvent(event, 'START');
        return event.pid;
      },
    }),
    recordExit: assign(({ event }) => {
      assertEvent(event, ['EXIT', 'KILL']);
      return {
        exitedAt: event.at,
        exitStatus: event.type === 'EXIT' ? event.exitStatus : 128 + event.signal,
      };
    }),
    persist: (_args, _params: { state: ExecStateName }) => {},
    releaseWaiters: () => {},
  },
}).createMachine({
  id: 'exec',
  initial: 'created',
  context: ({ input }) => ({
    id: input.id,
    containerId: input.containerId,
    createdAt: input.createdAt,
    pid: 0,
    exitedAt: null,
    exitStatus: null,
    record: input.record,
  }),
  states: {
    created: {
      entry: { type: 'persist', params: { state: 'created' } },
      on: {
        START: { target: 'running', actions: 'recordStart' },
        KILL: [
          { guard: 'isSignalProbe', target: 'created' },
          { target: 'stopped', actions: 'recordExit' },
        ],
        DELETE: { target: 'deleted' },
      },
    },
    running: {
      tags: ['live', 'holdsPid'],
      entry: { type: 'persist', params: { state: 'running' } },
      on: {
        EXIT: { target: 'stopped', actions: 'recordExit' },
        KILL: [
          { guard: 'isSignalProbe', target: 'running' },
          { target: 'stopped', actions: 'recordExit' },
        ],
      },
    },
    stopped: {
      tags: ['finished'],
      entry: [{ type: 'persist', params: { state: 'stopped' } }, 'releaseWaiters'],
      on: {
        KILL: { guard: 'isSignalProbe', target: 'stopped' },
        DELETE: { target: 'deleted' },
      },
    },
    deleted: {
      type: 'final',
      // A process deleted before it ever ran still answers its pending Waits.
      entry: [{ type: 'persist', params: { state: 'deleted' } }, 'releaseWaiters'],
    },
  },
});

export type ExecMachine = typeof execMachine;
