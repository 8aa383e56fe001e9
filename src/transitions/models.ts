import type { AnyStateMachine, EventObject } from 'xstate';
import {
  containerEventMethod,
  containerMachine,
  type ContainerEvent,
} from '../../machines/container.machine.js';
import { execEventMethod, execMachine, type ExecEvent } from '../../machines/exec.machine.js';
import { sandboxEventMethod, sandboxMachine, type SandboxEvent } from '../../machines/sandbox.machine.js';

/** One column of a transition table: the call that sends an event, and a real payload for it. */
export interface ModelEvent {
  call: string;
  event: EventObject;
}

/** What the derivation needs from a machine: the machine, an input for its first state, and one event per call. */
export interface MachineModel {
  name: 'sandbox' | 'container' | 'exec';
  machine: AnyStateMachine;
  input: unknown;
  events: ModelEvent[];
}

function eventsOf<E extends EventObject>(method: Record<E['type'], string>, events: E[]): ModelEvent[] {
  return events.map((event) => ({ call: method[event.type as E['type']], event }));
}

/** A call that sends an event some other call also sends, taken differently under a named guard. */
function guarded<E extends EventObject>(call: string, event: E): ModelEvent {
  return { call, event };
}

export const sandboxModel: MachineModel = {
  name: 'sandbox',
  machine: sandboxMachine,
  input: { id: 'sandbox-1', createdAt: 1000, record: {}, resources: {} },
  events: eventsOf<SandboxEvent>(sandboxEventMethod, [
    { type: 'START', at: 2000, pid: 4242 },
    { type: 'STOP', at: 3000, exitStatus: 0 },
    { type: 'SHUTDOWN', at: 4000 },
    { type: 'UPDATE', record: { updated: true }, resources: { cpu_limit: 1 } },
    { type: 'ADD_CONTAINER', name: 'app' },
  ]),
};

export const containerModel: MachineModel = {
  name: 'container',
  machine: containerMachine,
  input: { id: 'ctr-1', sandboxId: 'sandbox-1', createdAt: 1000, pid: 77, record: {}, resources: {} },
  events: eventsOf<ContainerEvent>(containerEventMethod, [
    { type: 'START', at: 2000 },
    { type: 'KILL', at: 3000, signal: 15 },
    { type: 'PAUSE' },
    { type: 'RESUME' },
    { type: 'SANDBOX_STOPPED', at: 3500 },
    { type: 'DELETE', at: 4000 },
    { type: 'UPDATE', resources: { cpu_limit: 1 } },
    { type: 'EXEC' },
  ]).concat(guarded<ContainerEvent>('Kill 0', { type: 'KILL', at: 3000, signal: 0 })),
};

export const execModel: MachineModel = {
  name: 'exec',
  machine: execMachine,
  input: { id: 'exec-1', containerId: 'ctr-1', createdAt: 1000, record: {} },
  events: eventsOf<ExecEvent>(execEventMethod, [
    { type: 'START', at: 2000, pid: 4242 },
    { type: 'EXIT', at: 2500, exitStatus: 0 },
    { type: 'KILL', at: 3000, signal: 15 },
    { type: 'DELETE', at: 4000 },
  ]).concat(guarded<ExecEvent>('Kill 0', { type: 'KILL', at: 3000, signal: 0 })),
};

export const MODELS: readonly MachineModel[] = [sandboxModel, containerModel, execModel];
