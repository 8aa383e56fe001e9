import type { AnyStateMachine } from 'xstate';
import { containerEventMethod, containerMachine } from '../../machines/container.machine.js';
import { execEventMethod, execMachine } from '../../machines/exec.machine.js';
import { sandboxEventMethod, sandboxMachine } from '../../machines/sandbox.machine.js';
import { machineGraph, type MachineGraph } from './graph.js';

export const MACHINE_NAMES = ['sandbox', 'container', 'exec'] as const;
export type MachineName = (typeof MACHINE_NAMES)[number];

export const isMachineName = (value: string): value is MachineName =>
  (MACHINE_NAMES as readonly string[]).includes(value);

/** Each drawable machine with the map from its events to the calls that send them. */
export const DIAGRAM_MACHINES: Record<
  MachineName,
  { machine: AnyStateMachine; methods: Record<string, string> }
> = {
  sandbox: { machine: sandboxMachine, methods: sandboxEventMethod },
  container: { machine: containerMachine, methods: containerEventMethod },
  exec: { machine: execMachine, methods: execEventMethod },
};

/** The call that sent `event` to an actor of `kind`, or null for XState's own events (creation, restore). */
export function methodOf(kind: MachineName, event: string): string | null {
  return DIAGRAM_MACHINES[kind].methods[event] ?? null;
}

export function graphOf(name: MachineName): MachineGraph {
  const { machine, methods } = DIAGRAM_MACHINES[name];
  return machineGraph(machine, methods);
}
