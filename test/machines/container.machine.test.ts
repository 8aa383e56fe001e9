import t from 'tap';
import { readTagTable, readTransitionTable } from '../helpers/transition-table.js';
import { createActor } from 'xstate';
import {
  containerMachine,
  type ContainerContext,
  type ContainerEvent,
  type ContainerStateName,
  containerEventMethod,
  KUASAR_ORIGIN,
} from '../../machines/container.machine.js';

const STATES: ContainerStateName[] = ['created', 'running', 'paused', 'stopped', 'deleted'];
const HEADING = '## Container (task) transitions';

const EVENTS: Record<string, ContainerEvent> = {
  Start: { type: 'START', at: 2000 },
  Kill: { type: 'KILL', at: 3000, signal: 15 },
  Pause: { type: 'PAUSE' },
  Resume: { type: 'RESUME' },
  'sandbox Stop': { type: 'SANDBOX_STOPPED', at: 3500 },
  Delete: { type: 'DELETE', at: 4000 },
  Update: { type: 'UPDATE', resources: { cpu_limit: 1 } },
  Exec: { type: 'EXEC' },
  'Kill 0': { type: 'KILL', at: 3000, signal: 0 },
  exit: { type: 'EXIT', at: 3200, exitStatus: 3 },
};

/**
 * The table's columns: one per event type, and `Kill 0` for the guarded signal-0 probe. `ADOPT` (Create of an id
 * Kuasar announced) depends on the container's record, not only its state, so it has its own test below.
 */
const COLUMNS = [
  ...Object.entries(containerEventMethod)
    .filter(([type]) => type !== 'ADOPT')
    .map(([, method]) => method),
  'Kill 0',
].sort();

/** The exit status each event that stops a container must leave behind. */
const EXIT_STATUS: Partial<Record<string, number>> = { Kill: 143, 'sandbox Stop': 137, exit: 3 };

function contextAt(state: ContainerStateName): ContainerContext {
  const ended = state === 'stopped' || state === 'deleted';
  return {
    id: 'ctr-1',
    sandboxId: 'sb-1',
    createdAt: 1000,
    startedAt: state === 'created' ? null : 1500,
    exitedAt: ended ? 1800 : null,
    exitStatus: ended ? 0 : null,
    pid: 77,
    record: {},
    resources: {},
  };
}

function runFrom(state: ContainerStateName, event: ContainerEvent) {
  const entered: string[] = [];
  const released: number[] = [];
  const machine = containerMachine.provide({
    actions: {
      persist: (_args, params) => entered.push(params.state),
      forget: () => entered.push('forget'),
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

const table = readTransitionTable<ContainerStateName>('container-transitions.md', HEADING);

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
    Object.keys(containerMachine.root.states).sort(),
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
    t.ok(STATES.includes(cell.expected as ContainerStateName), `${cell.expected} is a state`);
    t.equal(accepted, true, 'snapshot.can() accepts the event');
    t.equal(after.value, cell.expected);
    if (cell.expected === cell.state && cell.method !== 'Update') {
      // Accepted without re-entering: a probe or a permission, nothing changes.
      t.same(after.context, contextAt(cell.state), 'context unchanged');
      t.same(entered, [], 'nothing written');
      t.same(released, [], 'no Wait released');
      return;
    }
    if (cell.expected === 'deleted') {
      t.same(entered, ['forget'], 'deleted forgets the container instead of writing it');
      t.equal(after.status, 'done', 'deleted is final');
    } else {
      t.same(entered, [cell.expected], `persists ${cell.expected} on entry`);
    }
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

t.test('Start records the time; Kill gives 128 + signal; sandbox Stop gives 137', async (t) => {
  t.equal(runFrom('created', EVENTS.Start!).after.context.startedAt, 2000);
  t.equal(runFrom('running', { type: 'KILL', at: 3000, signal: 9 }).after.context.exitStatus, 137);
  t.equal(runFrom('paused', EVENTS.Kill!).after.context.exitStatus, 143);
  t.equal(runFrom('running', EVENTS['sandbox Stop']!).after.context.exitStatus, 137);
});

t.test('Update re-enters the state, so the new resources are written', async (t) => {
  for (const state of ['created', 'running', 'paused'] as const) {
    const { entered, after } = runFrom(state, EVENTS.Update!);
    t.same(entered, [state]);
    t.same(after.context.resources, { cpu_limit: 1 });
  }
});

t.test('the tags of each state are the ones docs/container-transitions.md lists', async (t) => {
  const documented = readTagTable('container-transitions.md', HEADING);
  for (const state of STATES) {
    t.same(containerMachine.root.states[state]?.tags, documented.get(state), state);
  }
});

t.test('Exec is accepted exactly where the state is tagged acceptsExec', async (t) => {
  for (const state of STATES) {
    const snapshot = containerMachine.resolveState({ value: state, context: contextAt(state) });
    t.equal(snapshot.can({ type: 'EXEC' }), snapshot.hasTag('acceptsExec'), state);
  }
});

t.test('ADOPT: only a created container Kuasar announced, in the same sandbox', async (t) => {
  const announced = { ...contextAt('created'), record: { origin: KUASAR_ORIGIN } };
  const can = (state: ContainerStateName, context: ContainerContext, sandboxId: string) =>
    containerMachine.resolveState({ value: state, context }).can({ type: 'ADOPT', sandboxId });
  t.equal(can('created', announced, 'sb-1'), true, 'announced, same sandbox');
  t.equal(can('created', announced, 'sb-2'), false, 'another sandbox');
  t.equal(can('created', contextAt('created'), 'sb-1'), false, 'created by the task API');
  t.equal(can('running', { ...announced, startedAt: 1500 }, 'sb-1'), false, 'already started');
});

t.test('every move that ends the process kills its execs; Kill 0 does not', async (t) => {
  const killed: string[] = [];
  const machine = containerMachine.provide({
    actions: { killExecs: ({ event }) => killed.push(event.type) },
  });
  for (const [state, event] of [
    ['running', EVENTS.Kill!],
    ['paused', EVENTS['sandbox Stop']!],
    ['created', EVENTS.Delete!],
    ['running', EVENTS['Kill 0']!],
  ] as const) {
    const context = contextAt(state);
    createActor(machine, { snapshot: machine.resolveState({ value: state, context }), input: context })
      .start()
      .send(event);
  }
  t.same(killed, ['KILL', 'SANDBOX_STOPPED', 'DELETE']);
});
