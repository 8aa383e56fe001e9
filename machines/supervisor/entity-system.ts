import {
  createActor,
  setup,
  stopChild,
  type Actor,
  type AnyActor,
  type AnyActorRef,
  type ErrorActorEvent,
  type InspectionEvent,
} from 'xstate';

type EntityParentEvent = { type: 'entity.stop'; actor: AnyActorRef } | ErrorActorEvent;

/** Stops the children it is asked to; rethrows a child's error so a bug in an action still surfaces. */
const entityParentMachine = setup({ types: { events: {} as EntityParentEvent } }).createMachine({
  id: 'entities',
  on: {
    'entity.stop': { actions: stopChild(({ event }) => (event as { actor: AnyActorRef }).actor) },
    'xstate.error.actor.*': {
      actions: ({ event }) => {
        const { error } = event as ErrorActorEvent;
        setTimeout(() => {
          throw error;
        });
      },
    },
  },
});

/**
 * The parent of every sandbox, container and exec actor, so they all share one XState actor system. A root actor
 * owns a system of its own (maps, sets, a scheduler: about 3 KB), which at 100k sandboxes was half of their memory.
 * Actors are created with `parent` (not spawned), so none enters a machine's context and creating one stays O(1).
 * XState lets only its parent stop such an actor, hence `stop`.
 */
export class EntitySystem {
  readonly parent: Actor<typeof entityParentMachine>;

  constructor() {
    this.parent = createActor(entityParentMachine).start();
  }

  /** Feeds `observer` XState's inspection events of every entity actor until the returned function is called. */
  inspect(observer: (event: InspectionEvent) => void): () => void {
    const subscription = this.parent.system.inspect(observer);
    return () => subscription.unsubscribe();
  }

  /**
   * Starts an entity actor, then lets go of the options it was created with. XState builds an actor's options with
   * an object spread, which in V8 gives each actor's options object hidden classes of its own (about 300 bytes per
   * actor, 10% of a sandbox's memory at 100k), and they keep the creation input alive. XState reads them only while
   * starting (the input, for the init event, and devTools; xstate 5.x).
   */
  start(actor: AnyActor): void {
    actor.start();
    (actor as { options: unknown }).options = STARTED_OPTIONS;
  }

  stop(actor: AnyActorRef): void {
    this.parent.send({ type: 'entity.stop', actor });
  }
}

/** What a started entity actor keeps as its options: nothing of its own. */
const STARTED_OPTIONS = Object.freeze({});
