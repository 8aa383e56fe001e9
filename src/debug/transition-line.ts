import type { ActorView, TransitionView } from './live-view.js';

const owner = (kind: string, parent: string | null): string =>
  parent === null ? '' : ` (${kind === 'exec' ? 'container' : 'sandbox'} ${parent})`;

/** `<time> container c1 (sandbox sb1): created --Start--> running` */
export function transitionLine(transition: TransitionView): string {
  const { kind, actorId, parent, from, to, time } = transition;
  // A new (or restored) actor has no cause worth naming: XState's own init event.
  const arrow =
    from === null && transition.method === null ? '-->' : `--${transition.method ?? transition.event}-->`;
  return `${new Date(time).toISOString()} ${kind} ${actorId}${owner(kind, parent)}: ${from ?? '(new)'} ${arrow} ${to}`;
}

/** `<time> sandbox sb1: running since <time>`, for the live actors listed when watching starts. */
export function actorLine(actor: ActorView, now: number): string {
  return `${new Date(now).toISOString()} ${actor.kind} ${actor.id}${owner(actor.kind, actor.parent)}: ${actor.state} since ${new Date(actor.since).toISOString()}`;
}
