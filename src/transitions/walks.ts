import { getSimplePaths } from '@xstate/graph';
import type { EventObject } from 'xstate';
import type { MachineModel } from './models.js';
import { cellAt, stateName, type Outcome, type TransitionTable } from './table.js';

export interface WalkStep {
  from: string;
  call: string;
  event: EventObject;
  outcome: Outcome;
  /** The state the machine is in after the step. */
  to: string;
}

/** A sequence of calls to replay against a real daemon, each with the outcome the machine implies. */
export interface Walk {
  name: string;
  /** `simple path`: no state visited twice before the final probes; `back edge`: ends by returning to a state. */
  kind: 'simple path' | 'back edge';
  steps: WalkStep[];
}

function stepFrom(table: TransitionTable, from: string, call: string): WalkStep {
  const { event, outcome } = cellAt(table, from, call);
  return { from, call, event, outcome, to: outcome.kind === 'accepted' ? outcome.target : from };
}

function describe(steps: WalkStep[], probes: WalkStep[]): string {
  const path = steps.length > 0 ? steps.map((step) => `${step.call} → ${step.to}`).join(', ') : 'created';
  return probes.length > 0 ? `${path}; then ${probes.map((step) => step.call).join(', ')}` : path;
}

/**
 * Every simple path of the machine (from its first state, no state visited twice), each followed by every call
 * that leaves its last state as it is (refused ones and accepted self-transitions). Transitions that no simple path
 * takes (back to a state already on the path, like Resume) get one more walk each, after the shortest path to
 * their state. Together the walks take every (state, call) pair at least once.
 */
export function modelWalks(model: MachineModel, table: TransitionTable): Walk[] {
  // By the event itself, not its type: `Kill` and `Kill 0` send the same event type with another signal.
  const callOf = (event: EventObject): string | undefined =>
    model.events.find((candidate) => JSON.stringify(candidate.event) === JSON.stringify(event))?.call;
  const paths = getSimplePaths(model.machine, {
    input: model.input,
    events: model.events.map(({ event }) => event),
    serializeState: (snapshot) => stateName(snapshot),
  }).map((path) => {
    const steps: WalkStep[] = [];
    let from = table.initial;
    for (const { event } of path.steps.slice(1)) {
      const call = callOf(event);
      if (call === undefined) throw new Error(`${model.name}: no call sends ${event.type}`);
      const step = stepFrom(table, from, call);
      steps.push(step);
      from = step.to;
    }
    return { end: from, steps };
  });

  const walks: Walk[] = paths.map(({ end, steps }) => {
    const probes = table.calls
      .map((call) => stepFrom(table, end, call))
      .filter(
        (step) => step.to === end && (step.outcome.kind === 'rejected' || step.outcome.via.length === 0),
      );
    return { name: describe(steps, probes), kind: 'simple path', steps: [...steps, ...probes] };
  });

  const covered = new Set(walks.flatMap((walk) => walk.steps.map((step) => `${step.from} ${step.call}`)));
  for (const cell of table.cells) {
    if (covered.has(`${cell.state} ${cell.call}`)) continue;
    const shortest = paths
      .filter((path) => path.end === cell.state)
      .sort((a, b) => a.steps.length - b.steps.length)[0];
    if (!shortest) throw new Error(`${model.name}: state ${cell.state} is not reachable`);
    const steps = [...shortest.steps, stepFrom(table, cell.state, cell.call)];
    walks.push({ name: describe(steps, []), kind: 'back edge', steps });
    covered.add(`${cell.state} ${cell.call}`);
  }
  return walks;
}
