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

/**
 * Fans out actor transitions to whoever watches (the debug web page, `resource-slot-ctl watch`). It is fed by
 * XState's inspection API: every actor the supervisor creates gets `inspect: feed.observer`. With nobody
 * watching, the observer returns at its first line, so inspection costs next to nothing when unused.
 */
export class TransitionFeed {
  private readonly listeners = new Set<TransitionListener>();
  private readonly lastState = new WeakMap<object, string>();

  constructor(private readonly now: () => number = Date.now) {}

  subscribe(listener: TransitionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get watching(): number {
    return this.listeners.size;
  }

  readonly observer = (inspection: InspectionEvent): void => {
    if (inspection.type !== '@xstate.snapshot') return;
    const snapshot = inspection.snapshot as {
      value?: unknown;
      context?: InspectedContext;
      machine?: { id?: string };
    };
    const to = snapshot.value;
    if (typeof to !== 'string') return;
    const from = this.lastState.get(inspection.actorRef) ?? null;
    this.lastState.set(inspection.actorRef, to);
    if (this.listeners.size === 0 || from === to) return;
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
