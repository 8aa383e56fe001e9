import t from 'tap';
import { readTransitionTable } from '../helpers/transition-table.js';
import { containerModel, execModel, MODELS, sandboxModel } from '../../src/transitions/models.js';
import { cellAt, deriveTable, outcomeLabel } from '../../src/transitions/table.js';

// The hand-written tables in docs/ and the derived ones must say the same thing, cell for cell.
const HAND_WRITTEN = [
  { model: sandboxModel, doc: 'sandbox-transitions.md', heading: undefined },
  { model: containerModel, doc: 'container-transitions.md', heading: '## Container (task) transitions' },
  { model: execModel, doc: 'container-transitions.md', heading: '## Exec process transitions' },
];

for (const model of MODELS) {
  t.test(`${model.name}: every declared state is reachable and every cell is derived`, async (t) => {
    const table = deriveTable(model);
    t.same(table.states, Object.keys(model.machine.root.states));
    t.equal(table.cells.length, table.states.length * model.events.length);
    t.same(table.finalStates, ['deleted']);
    t.equal(table.initial, 'created');
    for (const state of table.finalStates) {
      t.ok(
        table.cells.filter((cell) => cell.state === state).every((cell) => cell.outcome.kind === 'rejected'),
        `${state} refuses everything`,
      );
    }
  });
}

for (const { model, doc, heading } of HAND_WRITTEN) {
  t.test(`${model.name}: the derived table matches docs/${doc}`, async (t) => {
    const table = deriveTable(model);
    const written = readTransitionTable<string>(doc, heading);
    t.equal(written.length, table.cells.length, 'same number of cells');
    for (const cell of written) {
      t.equal(
        outcomeLabel(cellAt(table, cell.state, cell.method).outcome),
        cell.expected,
        `${cell.state} + ${cell.method}`,
      );
    }
  });
}

t.test('a refused event and an accepted self-transition are told apart', async (t) => {
  const table = deriveTable(sandboxModel);
  t.same(cellAt(table, 'stopped', 'Stop').outcome, { kind: 'accepted', target: 'stopped', via: [] });
  t.same(cellAt(table, 'stopped', 'Start').outcome, { kind: 'rejected' });
  t.same(cellAt(table, 'running', 'Shutdown').outcome, {
    kind: 'accepted',
    target: 'deleted',
    via: ['stopped'],
  });
});

t.test('asking for a cell that does not exist names it', async (t) => {
  t.throws(() => cellAt(deriveTable(sandboxModel), 'paused', 'Start'), /no cell for paused \+ Start/);
});
