import type { AnyStateMachine, AnyStateNode, EventObject } from 'xstate';

/** One accepted event of one state: where it leads and which call sends it. */
export interface DiagramEdge {
  from: string;
  to: string;
  event: string;
  /** The gRPC method (or other cause) that sends the event, as the transition tables name it. */
  method: string;
  /** States passed through on the way, when the transition raises the same event again (Shutdown via stopped). */
  via: string[];
  /** The named guard the move is taken under (`Kill if isSignalProbe`), when it has one. */
  guard?: string;
}

export interface DiagramState {
  name: string;
  final: boolean;
}

/** A machine's lifecycle as diagrams draw it: only accepted events are edges; refused ones do not appear. */
export interface MachineGraph {
  machine: string;
  initial: string;
  states: DiagramState[];
  edges: DiagramEdge[];
}

export class UnsupportedMachineError extends Error {
  constructor(machine: string, detail: string) {
    super(`cannot draw machine '${machine}': ${detail} (not supported by the diagram generator)`);
    this.name = 'UnsupportedMachineError';
  }
}

/** The text an edge carries: the method, and the states it passes through, as docs/*-transitions.md write it. */
export const edgeLabel = (edge: DiagramEdge): string => {
  const call = edge.guard === undefined ? edge.method : `${edge.method} if ${edge.guard}`;
  return edge.via.length === 0 ? call : `${call} (via ${edge.via.join(', ')})`;
};

/**
 * Reads the states and transitions of a flat XState machine. Self-transitions (Update re-entering, an idempotent
 * Stop) are self-loops. A guarded move is drawn with its guard's name; the unguarded one after it is the
 * otherwise. Anything the drawing could misrepresent (inline guard functions, nested states, eventless or delayed
 * transitions, events without a known method) is refused with an error rather than drawn approximately.
 */
export function machineGraph(
  machine: AnyStateMachine,
  methods: Readonly<Record<string, string>>,
): MachineGraph {
  const name = machine.id;
  const fail = (detail: string): never => {
    throw new UnsupportedMachineError(name, detail);
  };
  const nodes = Object.values(machine.root.states) as AnyStateNode[];
  const initial = machine.root.initial?.target?.[0]?.key ?? fail('no initial state');
  const edges: DiagramEdge[] = [];
  for (const node of nodes) {
    if (Object.keys(node.states).length > 0) fail(`state '${node.key}' has nested states`);
    if (node.always?.length) fail(`state '${node.key}' has eventless (always) transitions`);
    for (const [event, definitions] of node.transitions) {
      const method = methods[event] ?? fail(`event '${event}' in state '${node.key}' has no gRPC method`);
      for (const definition of definitions) {
        const guard = guardName(definition.guard, () =>
          fail(
            `event '${event}' in state '${node.key}' is guarded by an inline function; name the guard in setup()`,
          ),
        );
        const first = singleTarget(definition.target, node, fail);
        const { to, via } = followRaisedEvent(
          machine,
          first,
          raisedEventOf(machine, definition.actions, event, fail),
          fail,
        );
        edges.push({ from: node.key, to, event, method, via, ...(guard === undefined ? {} : { guard }) });
      }
    }
  }
  return {
    machine: name,
    initial,
    states: nodes.map((node) => ({ name: node.key, final: node.type === 'final' })),
    edges,
  };
}

/** The name of a guard declared in `setup()` (a string, or `{ type }` with params); undefined when unguarded. */
function guardName(guard: unknown, unnamed: () => never): string | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return guard;
  const type = (guard as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : unnamed();
}

function singleTarget(
  target: ReadonlyArray<AnyStateNode> | undefined,
  source: AnyStateNode,
  fail: (detail: string) => never,
): AnyStateNode {
  if (!target || target.length === 0) return source;
  const [only, ...rest] = target;
  if (!only || rest.length > 0) return fail(`a transition of state '${source.key}' has several targets`);
  if (only.parent !== source.parent) return fail(`a transition of state '${source.key}' leaves its level`);
  return only;
}

interface RaiseLike {
  type: 'xstate.raise';
  event: unknown;
  delay?: unknown;
}

const isRaise = (action: unknown): action is RaiseLike =>
  typeof action === 'function' && (action as { type?: unknown }).type === 'xstate.raise';

/** The event type a transition's actions raise (XState's `raise`), or null. */
function raisedEventOf(
  machine: AnyStateMachine,
  actions: readonly unknown[],
  event: string,
  fail: (detail: string) => never,
): string | null {
  const implementations = machine.implementations.actions as Record<string, unknown>;
  for (const action of actions) {
    const reference = typeof action === 'string' ? action : (action as { type?: unknown } | null)?.type;
    const resolved = typeof reference === 'string' ? (implementations[reference] ?? action) : action;
    if (!isRaise(resolved)) continue;
    if (resolved.delay !== undefined) fail(`event '${event}' raises a delayed event`);
    const raised =
      typeof resolved.event === 'function'
        ? (resolved.event as (args: { context: unknown; event: EventObject }) => unknown)({
            context: undefined,
            event: { type: event },
          })
        : resolved.event;
    const type = (raised as { type?: unknown } | null)?.type;
    return typeof type === 'string' ? type : fail(`event '${event}' raises an event without a type`);
  }
  return null;
}

/** A raised event is handled at once in the state just entered; follow it to where the call really ends. */
function followRaisedEvent(
  machine: AnyStateMachine,
  reached: AnyStateNode,
  raised: string | null,
  fail: (detail: string) => never,
): { to: string; via: string[] } {
  const via: string[] = [];
  let state = reached;
  let pending = raised;
  while (pending !== null) {
    const [next, ...others] = state.transitions.get(pending) ?? [];
    if (!next) break;
    if (others.length > 0 || next.guard) fail(`raised event '${pending}' in state '${state.key}' is guarded`);
    const target = singleTarget(next.target, state, fail);
    if (target === state) break;
    if (via.includes(state.key)) fail(`raised event '${pending}' loops through state '${state.key}'`);
    via.push(state.key);
    pending = raisedEventOf(machine, next.actions, pending, fail);
    state = target;
  }
  return { to: state.key, via };
}
