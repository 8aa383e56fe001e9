import type { Registries } from '../../machines/registries.js';
import { liveActors } from '../inspect/actors.js';
import type { ActorKind, TransitionFeed, TransitionRecord } from '../inspect/feed.js';
import { methodOf } from '../diagrams/machines.js';
import { actorNames } from './actor-names.js';

/** A transition as the debug page and `watch` receive it. */
export interface TransitionView extends TransitionRecord {
  /** Orders transitions against snapshots: a snapshot with `seq` n already contains transitions 1..n. */
  seq: number;
  /** The call that caused it (Start, Kill, …); null for creation or restore. */
  method: string | null;
}

export interface ActorView {
  id: string;
  kind: ActorKind;
  state: string;
  parent: string | null;
  /** epoch milliseconds of the actor's last transition (its last recorded lifecycle time if none was seen) */
  since: number;
  pid: number;
  resources: unknown;
  /** The pod's `namespace/name` and a container's CRI name, so the page need not show ids only. */
  pod: string;
  name: string;
}

export interface ActorsSnapshot {
  seq: number;
  time: number;
  actors: ActorView[];
}

export type TransitionViewListener = (transition: TransitionView) => void;

const keyOf = (kind: ActorKind, parent: string | null, id: string): string =>
  `${kind}\u0000${parent ?? ''}\u0000${id}`;

/**
 * The debug server's one subscription to the TransitionFeed: numbers transitions, remembers when each live actor
 * last changed state, and fans transitions out to the open event streams.
 */
export class LiveView {
  private seq = 0;
  private readonly listeners = new Set<TransitionViewListener>();
  private readonly lastChange = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(
    feed: TransitionFeed,
    private readonly registries: Registries,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = feed.subscribe((record) => this.publish(record));
  }

  get streams(): number {
    return this.listeners.size;
  }

  subscribe(listener: TransitionViewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): ActorsSnapshot {
    const live = new Set<string>();
    const actors = liveActors(this.registries).map(({ id, kind, state, parent, since, pid, resources }) => {
      const key = keyOf(kind, parent, id);
      live.add(key);
      const names = actorNames(this.registries, { id, kind, parent });
      return { id, kind, state, parent, since: this.lastChange.get(key) ?? since, pid, resources, ...names };
    });
    for (const key of this.lastChange.keys()) if (!live.has(key)) this.lastChange.delete(key);
    return { seq: this.seq, time: this.now(), actors };
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private publish(record: TransitionRecord): void {
    const key = keyOf(record.kind, record.parent, record.actorId);
    if (record.to === 'deleted') this.lastChange.delete(key);
    else this.lastChange.set(key, record.time);
    const view: TransitionView = { ...record, seq: ++this.seq, method: methodOf(record.kind, record.event) };
    for (const listener of this.listeners) listener(view);
  }
}
