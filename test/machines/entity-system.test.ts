import t from 'tap';
import { createActor } from 'xstate';
import { sandboxMachine } from '../../machines/sandbox.machine.js';
import { EntitySystem } from '../../machines/supervisor/entity-system.js';

t.test(
  'a started entity actor keeps no creation options and still works, and its parent stops it',
  async (t) => {
    const entities = new EntitySystem();
    const input = { id: 'sb', createdAt: 1, record: { big: 'x'.repeat(100) }, resources: {} };
    const actor = createActor(sandboxMachine, { parent: entities.parent, input });
    t.equal(actor.options.input, input, 'created with its input');
    entities.start(actor);
    t.same(actor.options, {}, 'the options (and the input with them) are let go');
    t.equal(actor.getSnapshot().value, 'created');
    t.equal(actor.getSnapshot().context.record, input.record, 'the context still has what the input gave');
    actor.send({ type: 'START', at: 2, pid: 3 });
    t.equal(actor.getSnapshot().value, 'running');
    entities.stop(actor);
    t.equal(actor.getSnapshot().status, 'stopped');
  },
);
