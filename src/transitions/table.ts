import { getAdjacencyMap } from '@xstate/graph';
import { getMicrosteps, type AnyMachineSnapshot, type EventObject } from 'xstate';
import type { MachineModel } from './models.js';

/** What a machine does with one event in one state. `via` lists the states passed through on the way. */
export type Outcome = { kind: 'rejected' } | { kind: 'accepted'; target: string; via: string[] };

export interface TransitionCell {
  state: string;
  call: string;
  event: EventObject;
  outcome: Outcome;
}

/** Every (state, call) pair of one machine, derived from the machine itself. */
export interface TransitionTable {
  model: MachineModel['name'];
  initial: string;
  /** Reachable states, in the order the machine declares them. */
  states: string[];
  /** States after which the actor is gone (`type: 'final'`). */
  finalStates: string[];
  calls: string[];
  cells: TransitionCell[];
}

/** Our machines are flat, so a state is its name; context is ignored on purpose (it never decides a transition). */
export function stateName(snapshot: AnyMachineSnapshot): string {
  if (typeof snapshot.value !== 'string') {
    throw new Error(`nested state ${JSON.stringify(snapshot.value)}: only flat machines are supported`);
  }
  return snapshot.value;
}

export function outcomeLabel(outcome: Outcome): string {
  if (outcome.kind === 'rejected') return 'rejected';
  return outcome.via.length > 0 ? `${outcome.target} (via ${outcome.via.join(', ')})` : outcome.target;
}

function outcomeOf(model: MachineModel, snapshot: AnyMachineSnapshot, event: EventObject): Outcome {
  // A refused event leaves the snapshot as it is, just like an accepted self-transition: only can() tells them apart.
  if (!snapshot.can(event)) return { kind: 'rejected' };
  const steps = getMicrosteps(model.machine, snapshot, event).map(([next]) => stateName(next));
  const target = steps.at(-1) ?? stateName(snapshot);
  return { kind: 'accepted', target, via: steps.slice(0, -1).filter((state) => state !== target) };
}

export function deriveTable(model: MachineModel): TransitionTable {
  const adjacency = getAdjacencyMap(model.machine, {
    input: model.input,
    events: model.events.map(({ event }) => event),
    serializeState: (snapshot) => stateName(snapshot),
  });
  const reachable = new Map(Object.values(adjacency).map(({ state }) => [stateName(state), state] as const));
  const declared = Object.keys(model.machine.root.states);
  const states = declared.filter((state) => reachable.has(state));
  const cells = states.flatMap((state) => {
    const snapshot = reachable.get(state);
    if (!snapshot) return [];
    return model.events.map(({ call, event }) => ({
      state,
      call,
      event,
      outcome: outcomeOf(model, snapshot, event),
    }));
  });
  // The traversal starts from the machine's first state, so that is the first entry of the map.
  const [first] = Object.values(adjacency);
  if (!first) throw new Error(`${model.name}: the machine has no initial state`);
  const initial = stateName(first.state);
  return {
    model: model.name,
    initial,
    states,
    finalStates: states.filter((state) => model.machine.root.states[state]?.type === 'final'),
    calls: model.events.map(({ call }) => call),
    cells,
  };
}

export function cellAt(table: TransitionTable, state: string, call: string): TransitionCell {
  const cell = table.cells.find((candidate) => candidate.state === state && candidate.call === call);
  if (!cell) throw new Error(`the ${table.model} table has no cell for ${state} + ${call}`);
  return cell;
}
