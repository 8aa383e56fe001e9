import type { InspectionEvent } from 'xstate';

export type ActorKind = 'sandbox' | 'container' | 'exec';

/** One state change of one live actor, as debugging views show it. */
export interface TransitionRecord {
  actorId: string;
  kind: ActorKind;
  /** The owning sandbox of a container, the owning container of an exec; null for a sandbox. */
  parent: string | null;
  /** null when the actor was just created (or restored). */
  from: string | null;
  event: string;
  to: string;
  /** epoch milliseconds */
  time: number;
}

export type TransitionListener = (record: TransitionRecord) => void;

interface InspectedContext {
  id?: unknown;
  sandboxId?: unknown;
  containerId?: unknown;
}

/** Feeds `observer` the inspection events of every entity actor until the returned function is called. */
export type InspectionSource = (observer: (event: InspectionEvent) => void) => () => void;

/**
 * Fans out actor transitions to whoever watches (the debug web page, `resource-slot-ctl watch`), from XState's
 * inspection API. The feed inspects the actors only while somebody watches: with an inspection observer
 * registered, XState builds an event object for every event, microstep, action and snapshot of every actor,
 * which cost several percent of the daemon's CPU under load when nobody was looking.
 */
export class TransitionFeed {
  private readonly listeners = new Set<TransitionListener>();
  /**
   * The state each actor was in when its current macrostep began (null for a new actor), taken at the step's first
   * microstep, before the actor's snapshot is replaced. Held only until the step's snapshot is reported, rather
   * than the last state of every actor for good, which at 100k sandboxes was a weak-map entry per actor.
   */
  private readonly stepFrom = new Map<object, string | null>();
  private readonly source: InspectionSource | null;
  private readonly now: () => number;
  private detach: (() => void) | null = null;

  /** Without a `source`, whoever creates the actors passes them `inspect: feed.observer`. */
  constructor(options: { source?: InspectionSource; now?: () => number } = {}) {
    this.source = options.source ?? null;
    this.now = options.now ?? Date.now;
  }

  subscribe(listener: TransitionListener): () => void {
    this.listeners.add(listener);
    this.detach ??= this.source?.(this.observer) ?? null;
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.detach?.();
      this.detach = null;
      this.stepFrom.clear();
    };
  }

  get watching(): number {
    return this.listeners.size;
  }

  readonly observer = (inspection: InspectionEvent): void => {
    if (this.listeners.size === 0) return;
    const { actorRef } = inspection;
    // A new (or restored) actor: its first snapshot is reported as coming from nothing.
    if (inspection.type === '@xstate.actor') {
      this.stepFrom.set(actorRef, null);
      return;
    }
    if (inspection.type === '@xstate.microstep') {
      if (!this.stepFrom.has(actorRef)) this.stepFrom.set(actorRef, stateOf(actorRef.getSnapshot()));
      return;
    }
    if (inspection.type !== '@xstate.snapshot') return;
    const from = this.stepFrom.get(actorRef);
    // No step began (an event no state accepts, a stop): no state changed.
    if (from === undefined) return;
    this.stepFrom.delete(actorRef);
    const snapshot = inspection.snapshot as {
      value?: unknown;
      context?: InspectedContext;
      machine?: { id?: string };
    };
    const to = snapshot.value;
    if (typeof to !== 'string' || from === to) return;
    const kind = snapshot.machine?.id as ActorKind | undefined;
    const context = snapshot.context ?? {};
    if (kind !== 'sandbox' && kind !== 'container' && kind !== 'exec') return;
    const record: TransitionRecord = {
      actorId: String(context.id),
      kind,
      parent:
        kind === 'container'
          ? String(context.sandboxId)
          : kind === 'exec'
            ? String(context.containerId)
            : null,
      from,
      event: inspection.event.type,
      to,
      time: this.now(),
    };
    for (const listener of this.listeners) listener(record);
  };
}

/** The state value of a snapshot; null before the actor's first snapshot (the step that creates it). */
function stateOf(snapshot: unknown): string | null {
  const value = (snapshot as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : null;
}
