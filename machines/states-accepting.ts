import type { AnyStateMachine, EventObject } from 'xstate';

const cache = new WeakMap<AnyStateMachine, Map<string, string[]>>();

/** The top-level states of `machine` in which `event` is accepted, read from the machine itself (for messages). */
export function statesAccepting(machine: AnyStateMachine, event: EventObject): string[] {
  let byType = cache.get(machine);
  if (!byType) {
    byType = new Map();
    cache.set(machine, byType);
  }
  const known = byType.get(event.type);
  if (known) return known;
  const accepting = Object.keys(machine.root.states).filter((state) =>
    machine.resolveState({ value: state, context: {} }).can(event),
  );
  byType.set(event.type, accepting);
  return accepting;
}

/** The top-level states of `machine` that carry `tag`, in declaration order (for messages). */
export function statesTagged(machine: AnyStateMachine, tag: string): string[] {
  return Object.entries(machine.root.states)
    .filter(([, node]) => node.tags.includes(tag))
    .map(([state]) => state);
}
