import { Counter, type Registry } from 'prom-client';
import type { EntityKind } from '../../machines/supervisor.machine.js';

/** What a state change is counted by; `from` is `none` for an actor just created. */
interface TransitionLabels {
  machine: EntityKind;
  from: string;
  to: string;
}

/**
 * State changes of the entity actors, per machine, from-state and to-state. Told by the actor store's onTransition
 * port on the path of every event, so each change costs one Map update (a string key, no label hashing); the
 * counter is written from the tallies at scrape time. The tally has at most a few dozen keys: the machines' states
 * squared. Returns what the port calls.
 */
export function registerTransitionSeries(
  registry: Registry,
): (kind: EntityKind, from: string | null, to: string) => void {
  const tallies = new Map<string, { labels: TransitionLabels; count: number }>();
  new Counter({
    name: 'resource_slot_transitions_total',
    help: 'State changes of sandbox, container and exec actors, by machine, from-state (none: created) and to-state.',
    labelNames: ['machine', 'from', 'to'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, count } of tallies.values()) this.inc({ ...labels }, count);
    },
  });
  return (machine, from, to) => {
    const key = `${machine} ${from ?? ''} ${to}`;
    const tally = tallies.get(key);
    if (tally) tally.count++;
    else tallies.set(key, { labels: { machine, from: from ?? 'none', to }, count: 1 });
  };
}
