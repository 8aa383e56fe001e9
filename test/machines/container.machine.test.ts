import t from 'tap';
import { readTransitionTable } from '../helpers/transition-table.js';
import { createActor } from 'xstate';
import {
  containerMachine,
  type ContainerContext,
  type ContainerEvent,
  type ContainerStateName,
  containerEventMethod,
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
};

/** The exit status each event that stops a container must leave behind. */
const EXIT_STATUS: Partial<Record<string, number>> = { Kill: 143, 'sandbox Stop': 137 };

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
  t.equal(table.length, STATES.length * Object.keys(containerEventMethod).length, 'no missing cells');
  t.same(
    [...new Set(table.map((cell) => cell.method))].sort(),
    Object.values(containerEventMethod).sort(),
    'one column per event type',
  );
  t.same(Object.keys(EVENTS).sort(), Object.values(containerEventMethod).sort(), 'one test event per column');
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
