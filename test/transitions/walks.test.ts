import t from 'tap';
import { MODELS } from '../../src/transitions/models.js';
import { deriveTable } from '../../src/transitions/table.js';
import { modelWalks } from '../../src/transitions/walks.js';

for (const model of MODELS) {
  const table = deriveTable(model);
  const walks = modelWalks(model, table);

  t.test(`${model.name}: the walks take every (state, call) pair`, async (t) => {
    const taken = new Set(walks.flatMap((walk) => walk.steps.map((step) => `${step.from} + ${step.call}`)));
    for (const cell of table.cells)
      t.ok(taken.has(`${cell.state} + ${cell.call}`), `${cell.state} + ${cell.call}`);
  });

  t.test(`${model.name}: each walk starts in the first state and chains its steps`, async (t) => {
    for (const walk of walks) {
      let state = table.initial;
      for (const step of walk.steps) {
        t.equal(step.from, state, `${walk.name}: ${step.call} starts where the last step ended`);
        state = step.to;
      }
    }
  });

  t.test(`${model.name}: every simple path to every state is walked`, async (t) => {
    const moving = (walk: (typeof walks)[number]) => walk.steps.filter((step) => step.to !== step.from);
    const ends = new Set(walks.map((walk) => moving(walk).at(-1)?.to ?? table.initial));
    t.same([...ends].sort(), [...table.states].sort(), 'some walk ends in each state');
    for (const walk of walks.filter((walk) => walk.kind === 'simple path')) {
      const visited = [table.initial, ...moving(walk).map((step) => step.to)];
      t.equal(new Set(visited).size, visited.length, `${walk.name} visits no state twice`);
    }
  });
}
