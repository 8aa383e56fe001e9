import { assign, setup } from 'xstate';
import type { JsonObject } from './json.js';

/**
 * A process exec'd into a container (`crictl exec`). Nothing runs: by default the supervisor sends EXIT with
 * status 0 right after Start, so Wait answers at once, as for a command that finished instantly.
 */
export type ExecStateName = 'created' | 'running' | 'stopped' | 'deleted';

/** `live` and `holdsPid`: the process runs and has a pid; `finished`: it has exited. */
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
  actions: {
    recordStart: assign({ pid: ({ event }) => (event.type === 'START' ? event.pid : 0) }),
    recordExit: assign({
      exitedAt: ({ event }) => ('at' in event ? event.at : null),
      exitStatus: ({ event }) =>
        event.type === 'EXIT' ? event.exitStatus : event.type === 'KILL' ? 128 + event.signal : null,
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
        KILL: { target: 'stopped', actions: 'recordExit' },
        DELETE: { target: 'deleted' },
      },
    },
    running: {
      tags: ['live', 'holdsPid'],
      entry: { type: 'persist', params: { state: 'running' } },
      on: {
        EXIT: { target: 'stopped', actions: 'recordExit' },
        KILL: { target: 'stopped', actions: 'recordExit' },
      },
    },
    stopped: {
      tags: ['finished'],
      entry: [{ type: 'persist', params: { state: 'stopped' } }, 'releaseWaiters'],
      on: {
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
