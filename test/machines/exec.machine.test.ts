import t from 'tap';
import { readTransitionTable } from '../helpers/transition-table.js';
import { createActor } from 'xstate';
import {
  execMachine,
  type ExecContext,
  type ExecEvent,
  type ExecStateName,
  execEventMethod,
} from '../../machines/exec.machine.js';

const STATES: ExecStateName[] = ['created', 'running', 'stopped', 'deleted'];
const HEADING = '## Exec process transitions';

const EVENTS: Record<string, ExecEvent> = {
  Start: { type: 'START', at: 2000, pid: 4242 },
  exit: { type: 'EXIT', at: 2500, exitStatus: 0 },
  Kill: { type: 'KILL', at: 3000, signal: 15 },
  Delete: { type: 'DELETE', at: 4000 },
  'Kill 0': { type: 'KILL', at: 3000, signal: 0 },
};

/** The table's columns: one per event type, and `Kill 0` for the guarded signal-0 probe. */
const COLUMNS = [...Object.values(execEventMethod), 'Kill 0'].sort();

/** The exit status each event that stops a process must leave behind. */
const EXIT_STATUS: Partial<Record<string, number>> = { exit: 0, Kill: 143 };

function contextAt(state: ExecStateName): ExecContext {
  const ended = state === 'stopped' || state === 'deleted';
  return {
    id: 'exec-1',
    containerId: 'ctr-1',
    createdAt: 1000,
    pid: state === 'created' ? 0 : 77,
    exitedAt: ended ? 1800 : null,
    exitStatus: ended ? 0 : null,
    record: {},
  };
}

function runFrom(state: ExecStateName, event: ExecEvent) {
  const entered: string[] = [];
  const released: number[] = [];
  const machine = execMachine.provide({
    actions: {
      persist: (_args, params) => entered.push(params.state),
      releaseWaiters: ({ context }) => released.push(context.exitStatus ?? -1),
    },
  });
  const context = contextAt(state);
  const snapshot = machine.resolveState({ value: state, context });
  const accepted = snapshot.can(event);
  const actor = createActor(machine, { snapshot, input: context }).start();
  if (accepted) actor.send(event);
  return { accepted, entered, released, after: actor.getSnapshot() };
}

const table = readTransitionTable<ExecStateName>('container-transitions.md', HEADING);

t.test('the table covers every state and every event of the machine', async (t) => {
  t.same([...new Set(table.map((cell) => cell.state))], STATES);
  t.equal(table.length, STATES.length * COLUMNS.length, 'no missing cells');
  t.same(
    [...new Set(table.map((cell) => cell.method))].sort(),
    COLUMNS,
    'one column per event type and guard',
  );
  t.same(Object.keys(EVENTS).sort(), COLUMNS, 'one test event per column');
  t.same(
    Object.keys(execMachine.root.states).sort(),
    [...STATES].sort(),
    'the machine has exactly these states',
  );
});

for (const cell of table) {
  t.test(`${cell.state} + ${cell.method} -> ${cell.expected}`, async (t) => {
    const event = EVENTS[cell.method];
    if (!event) throw new Error(`unknown column ${cell.method}`);
    const { accepted, entered, released, after } = runFrom(cell.state, event);
    if (cell.expected === 'rejected') {
      t.equal(accepted, false, 'snapshot.can() refuses the event');
      t.equal(after.value, cell.state, 'state unchanged');
      t.same(after.context, contextAt(cell.state), 'context unchanged');
      t.same(entered, [], 'nothing written');
      t.same(released, [], 'no Wait released');
      return;
    }
    t.ok(STATES.includes(cell.expected as ExecStateName), `${cell.expected} is a state`);
    t.equal(accepted, true, 'snapshot.can() accepts the event');
    t.equal(after.value, cell.expected);
    if (cell.expected === cell.state) {
      // The signal-0 probe: accepted without re-entering, nothing changes.
      t.same(after.context, contextAt(cell.state), 'context unchanged');
      t.same(entered, [], 'nothing written');
      t.same(released, [], 'no Wait released');
      return;
    }
    t.same(entered, [cell.expected], `persists ${cell.expected} on entry`);
    if (cell.expected === 'deleted') t.equal(after.status, 'done', 'deleted is final');
    if (cell.expected === 'stopped') {
      const status = EXIT_STATUS[cell.method];
      t.equal(after.context.exitStatus, status, `exit status ${status}`);
      t.equal(after.context.exitedAt, 'at' in event ? event.at : null, 'exit time recorded');
      t.same(released, [status], 'pending Waits are released once, with the exit status');
    } else if (cell.expected === 'deleted') {
      t.equal(released.length, 1, 'deleting answers any Wait still pending');
    } else {
      t.same(released, [], 'no Wait released');
    }
  });
}

t.test('Start then exit 0: the process finishes at once, successfully', async (t) => {
  const entered: string[] = [];
  const released: number[] = [];
  const machine = execMachine.provide({
    actions: {
      persist: (_args, params) => entered.push(params.state),
      releaseWaiters: ({ context }) => released.push(context.exitStatus ?? -1),
    },
  });
  const actor = createActor(machine, {
    input: { id: 'exec-2', containerId: 'ctr-1', createdAt: 1, record: {} },
  }).start();
  actor.send(EVENTS.Start!);
  t.equal(actor.getSnapshot().context.pid, 4242, 'Start records the pid');
  actor.send(EVENTS.exit!);
  t.equal(actor.getSnapshot().value, 'stopped');
  t.equal(actor.getSnapshot().context.exitStatus, 0);
  t.same(entered, ['created', 'running', 'stopped']);
  t.same(released, [0]);
});

t.test('Kill with SIGKILL exits 137', async (t) => {
  t.equal(runFrom('running', { type: 'KILL', at: 3000, signal: 9 }).after.context.exitStatus, 137);
});
