import t from 'tap';
import { ALL_CHECKS } from '../../src/conformance/checks/index.js';
import { SANDBOX_DRIVERS } from '../../src/conformance/checks/sandbox-illegal.js';
import { TASK_DRIVERS } from '../../src/conformance/checks/task-illegal.js';
import { liveStates, refusedCalls } from '../../src/conformance/illegal.js';
import { containerModel, sandboxModel } from '../../src/transitions/models.js';
import { cellAt, deriveTable } from '../../src/transitions/table.js';

t.test('the runner can bring a sandbox and a task into every live state of their machines', async (t) => {
  t.same(Object.keys(SANDBOX_DRIVERS).sort(), liveStates(sandboxModel).sort());
  t.same(Object.keys(TASK_DRIVERS).sort(), liveStates(containerModel).sort());
});

t.test('the refused calls are the rejected cells of the derived tables', async (t) => {
  for (const model of [sandboxModel, containerModel]) {
    const table = deriveTable(model);
    for (const state of liveStates(model)) {
      const rejected = table.calls.filter((call) => cellAt(table, state, call).outcome.kind === 'rejected');
      t.same(refusedCalls(model, state, table.calls), rejected, `${model.name} ${state}`);
    }
  }
});

t.test('one illegal-transition check per state that refuses something, and unique names', async (t) => {
  const names = ALL_CHECKS.map((check) => check.name);
  t.equal(new Set(names).size, names.length, 'names are unique');
  t.same(
    names.filter((name) => name.includes('.illegal.')),
    [
      'sandbox.illegal.running',
      'sandbox.illegal.stopped',
      'task.illegal.created',
      'task.illegal.running',
      'task.illegal.paused',
      'task.illegal.stopped',
    ],
  );
});
