import type { MachineModel } from '../transitions/models.js';

/** The calls among `calls` that the machine refuses in `state`, read from the machine itself. */
export function refusedCalls(model: MachineModel, state: string, calls: readonly string[]): string[] {
  const snapshot = model.machine.resolveState({ value: state, context: {} });
  return model.events
    .filter(({ call, event }) => calls.includes(call) && !snapshot.can(event))
    .map(({ call }) => call);
}

/** The states a check has to reach: every state of the machine that is not final. */
export function liveStates(model: MachineModel): string[] {
  return Object.entries(model.machine.root.states)
    .filter(([, node]) => node.type !== 'final')
    .map(([state]) => state);
}
