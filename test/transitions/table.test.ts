import t from 'tap';
import { readTransitionTable } from '../helpers/transition-table.js';
import {
  containerModel,
  execModel,
  MODELS,
  sandboxModel,
  type MachineModel,
} from '../../src/transitions/models.js';
import { cellAt, deriveTable, outcomeLabel } from '../../src/transitions/table.js';

// The hand-written tables in docs/ and the derived ones must say the same thing, cell for cell, but for columns no
// call sends: a container's `exit` comes from the daemon's exit timer (a scripted exit), which the model walks cannot
// send at a chosen step, so the model leaves it out; test/machines/container.machine.test.ts holds that column.
const HAND_WRITTEN: Array<{
  model: MachineModel;
  doc: string;
  heading: string | undefined;
  notCalls: string[];
}> = [
  { model: sandboxModel, doc: 'sandbox-transitions.md', heading: undefined, notCalls: [] },
  {
    model: containerModel,
    doc: 'container-transitions.md',
    heading: '## Container (task) transitions',
    notCalls: ['exit'],
  },
  { model: execModel, doc: 'container-transitions.md', heading: '## Exec process transitions', notCalls: [] },
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

for (const { model, doc, heading, notCalls } of HAND_WRITTEN) {
  t.test(`${model.name}: the derived table matches docs/${doc}`, async (t) => {
    const table = deriveTable(model);
    const written = readTransitionTable<string>(doc, heading).filter(
      (cell) => !notCalls.includes(cell.method),
    );
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
