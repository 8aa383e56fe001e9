import t from 'tap';
import { readTagTable, readTransitionTable } from '../helpers/transition-table.js';
import { createActor } from 'xstate';
import {
  sandboxMachine,
  type SandboxEvent,
  type SandboxStateName,
  sandboxEventMethod,
} from '../../machines/sandbox.machine.js';

const STATES: SandboxStateName[] = ['created', 'running', 'stopped', 'deleted'];

const EVENTS: Record<string, SandboxEvent> = {
  Start: { type: 'START', at: 2000, pid: 4242 },
  Stop: { type: 'STOP', at: 3000, exitStatus: 0 },
  Shutdown: { type: 'SHUTDOWN', at: 4000 },
  Update: { type: 'UPDATE', record: { updated: true }, resources: { cpu_limit: 1 } },
  'task Create': { type: 'ADD_CONTAINER', name: '' },
};

function runFrom(state: SandboxStateName, event: SandboxEvent) {
  const entered: string[] = [];
  const released: number[] = [];
  const machine = sandboxMachine.provide({
    actions: {
      persist: (_args, params) => entered.push(params.state),
      forget: () => entered.push('deleted'),
      releaseWaiters: ({ context }) => released.push(context.exitStatus ?? -1),
    },
  });
  const context = {
    id: 'sb-1',
    createdAt: 1000,
    startedAt: state === 'created' ? null : 1500,
    exitedAt: state === 'stopped' || state === 'deleted' ? 1800 : null,
    exitStatus: state === 'stopped' || state === 'deleted' ? 0 : null,
    pid: state === 'created' ? 0 : 77,
    record: {},
    resources: {},
  };
  const snapshot = machine.resolveState({ value: state, context });
  const accepted = snapshot.can(event);
  const actor = createActor(machine, { snapshot, input: context }).start();
  if (accepted) actor.send(event);
  const after = actor.getSnapshot();
  return { accepted, entered, released, after };
}

const table = readTransitionTable<SandboxStateName>('sandbox-transitions.md');

t.test('the table covers every state and every event of the machine', async (t) => {
  t.same([...new Set(table.map((cell) => cell.state))], STATES);
  t.same(
    [...new Set(table.map((cell) => cell.method))].sort(),
    Object.values(sandboxEventMethod).sort(),
    'one column per event type',
  );
  t.same(
    Object.keys(sandboxMachine.root.states).sort(),
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
      t.same(entered, [], 'nothing written');
      return;
    }
    const [target, via] = cell.expected.split(' (via ');
    t.equal(accepted, true, 'snapshot.can() accepts the event');
    t.equal(after.value, target);
    if (via) {
      t.same(entered, [via.replace(')', ''), target], `enters ${via.replace(')', '')} first`);
      t.same(released, [0], 'pending Waits are released once, with the exit status');
    }
    if (target === 'deleted') t.equal(after.status, 'done', 'deleted is final');
  });
}

t.test('Start records the pid and time; Stop records the exit', async (t) => {
  const started = runFrom('created', EVENTS.Start!).after.context;
  t.equal(started.pid, 4242);
  t.equal(started.startedAt, 2000);
  const stopped = runFrom('running', EVENTS.Stop!).after.context;
  t.equal(stopped.exitedAt, 3000);
  t.equal(stopped.exitStatus, 0);
});

t.test('a repeated Stop is accepted but writes nothing', async (t) => {
  const { accepted, entered, released } = runFrom('stopped', EVENTS.Stop!);
  t.equal(accepted, true);
  t.same(entered, []);
  t.same(released, []);
});

t.test('Update re-enters the state, so the new record is written', async (t) => {
  const { entered, after } = runFrom('running', EVENTS.Update!);
  t.same(entered, ['running']);
  t.same(after.context.record, { updated: true });
  t.same(after.context.resources, { cpu_limit: 1 });
});

type PersistedSandbox = ReturnType<
  ReturnType<typeof createActor<typeof sandboxMachine>>['getPersistedSnapshot']
>;

t.test('the persisted snapshot survives JSON and restores the same state', async (t) => {
  const actor = createActor(sandboxMachine, {
    input: { id: 'sb-2', createdAt: 1, record: { a: 1 }, resources: {} },
  }).start();
  actor.send(EVENTS.Start!);
  const restored = createActor(sandboxMachine, {
    snapshot: JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as PersistedSandbox,
    input: { id: 'sb-2', createdAt: 1, record: { a: 1 }, resources: {} },
  }).start();
  t.equal(restored.getSnapshot().value, 'running');
  t.same(restored.getSnapshot().context, actor.getSnapshot().context);
});

t.test('the tags of each state are the ones docs/sandbox-transitions.md lists', async (t) => {
  const documented = readTagTable('sandbox-transitions.md');
  for (const state of STATES) t.same(sandboxMachine.root.states[state]?.tags, documented.get(state), state);
});

t.test(
  'task Create (unnamed) is accepted exactly where the state is tagged acceptsContainers, and changes nothing',
  async (t) => {
    for (const state of STATES) {
      const { accepted, entered, after } = runFrom(state, EVENTS['task Create']!);
      const tagged = sandboxMachine.root.states[state]?.tags.includes('acceptsContainers') ?? false;
      t.equal(accepted, tagged, state);
      t.same(entered, [], `${state}: nothing written`);
      t.equal(after.value, state, `${state}: state unchanged`);
    }
  },
);

t.test('a named task Create counts the run of its name and writes it, staying in running', async (t) => {
  const written: unknown[] = [];
  const machine = sandboxMachine.provide({
    actions: { persist: ({ context }) => void written.push(context.runs) },
  });
  const actor = createActor(machine, {
    input: { id: 'sb-r', createdAt: 1, record: {}, resources: {} },
  }).start();
  actor.send(EVENTS.Start!);
  written.length = 0;
  actor.send({ type: 'ADD_CONTAINER', name: 'app' });
  actor.send({ type: 'ADD_CONTAINER', name: 'app' });
  actor.send({ type: 'ADD_CONTAINER', name: 'db' });
  t.same(actor.getSnapshot().context.runs, { app: 2, db: 1 });
  t.same(written, [{ app: 1 }, { app: 2 }, { app: 2, db: 1 }], 'each count written as it changes');
  t.equal(actor.getSnapshot().value, 'running');
});

t.test('Stop and Shutdown take the containers first, then answer the sandbox Waits', async (t) => {
  const steps: string[] = [];
  const machine = sandboxMachine.provide({
    actions: {
      stopContainers: () => steps.push('stopContainers'),
      deleteContainers: () => steps.push('deleteContainers'),
      releaseWaiters: () => steps.push('releaseWaiters'),
    },
  });
  const input = { id: 'sb-3', createdAt: 1, record: {}, resources: {} };
  const actor = createActor(machine, { input }).start();
  actor.send(EVENTS.Start!);
  actor.send(EVENTS.Shutdown!);
  t.same(steps, ['stopContainers', 'releaseWaiters', 'deleteContainers']);
});
