import t from 'tap';
import { createActor, type Actor } from 'xstate';
import { supervisorMachine, type SupervisorMachine } from '../../machines/supervisor.machine.js';
import type { SandboxerError } from '../../src/core/errors.js';
import { ask } from '../../src/transport/ask.js';
import { fakePorts } from '../helpers/fake-ports.js';

/**
 * The supervisor with fake ports (no gRPC, no disk): every request type against every state of its target,
 * including the preconditions on another actor (a container needs a sandbox that accepts containers). Each row is
 * what the daemon answers on the wire today; removing a guard, a tag or a check from the machines or the actor
 * store changes a cell.
 */

interface Harness {
  supervisor: Actor<SupervisorMachine>;
  heldPids: Set<number>;
}

function harness(): Harness {
  const { ports, heldPids } = fakePorts();
  return { supervisor: createActor(supervisorMachine, { input: ports }).start(), heldPids };
}

/** `OK`, the error's kind, or `pending` for a Wait still waiting once everything else has run. */
async function outcome(answer: Promise<unknown>): Promise<string> {
  const pending = new Promise<string>((resolve) => setImmediate(() => resolve('pending')));
  return Promise.race([
    answer.then(
      () => 'OK',
      (error: SandboxerError) => error.kind,
    ),
    pending,
  ]);
}

const SANDBOX = 'sb';
const CONTAINER = 'ctr';
const EXEC = 'ex';
const record = { origin: 'test' };

type Setup = (supervisor: Actor<SupervisorMachine>) => Promise<unknown>;

const sandboxIn: Record<string, Setup> = {
  absent: async () => {},
  created: (s) => ask(s, 'sandbox.create', { command: { sandboxId: SANDBOX, record, resources: {} } }),
  running: async (s) => {
    await sandboxIn.created!(s);
    await ask(s, 'sandbox.start', { sandboxId: SANDBOX });
  },
  stopped: async (s) => {
    await sandboxIn.running!(s);
    await ask(s, 'sandbox.stop', { sandboxId: SANDBOX });
  },
};

const createTask = (s: Actor<SupervisorMachine>, containerId = CONTAINER) =>
  ask(s, 'task.create', { command: { containerId, sandboxId: SANDBOX, record, resources: {} } });

const containerIn: Record<string, Setup> = {
  absent: (s) => sandboxIn.running!(s),
  created: async (s) => {
    await sandboxIn.running!(s);
    await createTask(s);
  },
  running: async (s) => {
    await containerIn.created!(s);
    await ask(s, 'task.start', { containerId: CONTAINER, execId: '' });
  },
  paused: async (s) => {
    await containerIn.running!(s);
    await ask(s, 'task.pause', { containerId: CONTAINER });
  },
  stopped: async (s) => {
    await containerIn.running!(s);
    await ask(s, 'task.kill', { containerId: CONTAINER, execId: '', signal: 9, all: false });
  },
};

const execIn: Record<string, Setup> = {
  absent: (s) => containerIn.running!(s),
  created: async (s) => {
    await containerIn.running!(s);
    await ask(s, 'task.exec', { containerId: CONTAINER, execId: EXEC, record });
  },
  // An exec'd process runs only within its Start: nothing runs, so it exits 0 at once.
  stopped: async (s) => {
    await execIn.created!(s);
    await ask(s, 'task.start', { containerId: CONTAINER, execId: EXEC });
  },
};

type Request = (supervisor: Actor<SupervisorMachine>, signal: AbortSignal) => Promise<unknown>;
const container = { containerId: CONTAINER, execId: '' };
const exec = { containerId: CONTAINER, execId: EXEC };
const kuasarTask = {
  taskId: 'kuasar-1',
  spec: null,
  rootfs: [],
  stdin: '',
  stdout: '',
  stderr: '',
  processes: [],
};
const update = { fields: ['labels'], sandbox: {} };

/** Rows: a request; columns: the target's state, as in `sandboxIn`, `containerIn` and `execIn`. */
const SANDBOX_ROWS: Record<string, [Request, Record<string, string>]> = {
  'sandbox.create': [
    (s) => ask(s, 'sandbox.create', { command: { sandboxId: SANDBOX, record, resources: {} } }),
    { absent: 'OK', created: 'AlreadyExists', running: 'AlreadyExists', stopped: 'AlreadyExists' },
  ],
  'sandbox.start': [
    (s) => ask(s, 'sandbox.start', { sandboxId: SANDBOX }),
    { absent: 'NotFound', created: 'OK', running: 'FailedPrecondition', stopped: 'FailedPrecondition' },
  ],
  'sandbox.stop': [
    (s) => ask(s, 'sandbox.stop', { sandboxId: SANDBOX }),
    { absent: 'OK', created: 'OK', running: 'OK', stopped: 'OK' },
  ],
  'sandbox.exit (scripted death, for the run that started)': [
    async (s) => {
      const { context } = await ask(s, 'sandbox.status', { sandboxId: SANDBOX });
      return ask(s, 'sandbox.exit', {
        sandboxId: SANDBOX,
        startedAt: context.startedAt ?? -1,
        at: 5_000,
        exitStatus: 3,
      });
    },
    {
      absent: 'NotFound',
      created: 'FailedPrecondition',
      running: 'OK',
      stopped: 'FailedPrecondition',
    },
  ],
  'sandbox.wait': [
    (s, signal) => ask(s, 'sandbox.wait', { sandboxId: SANDBOX, signal }),
    { absent: 'NotFound', created: 'pending', running: 'pending', stopped: 'OK' },
  ],
  'sandbox.status': [
    (s) => ask(s, 'sandbox.status', { sandboxId: SANDBOX }),
    { absent: 'NotFound', created: 'OK', running: 'OK', stopped: 'OK' },
  ],
  'sandbox.shutdown': [
    (s) => ask(s, 'sandbox.shutdown', { sandboxId: SANDBOX }),
    { absent: 'OK', created: 'OK', running: 'OK', stopped: 'OK' },
  ],
  'sandbox.update': [
    (s) => ask(s, 'sandbox.update', { sandboxId: SANDBOX, update }),
    { absent: 'NotFound', created: 'OK', running: 'OK', stopped: 'OK' },
  ],
  'sandbox.sync-tasks (adds a task)': [
    (s) => ask(s, 'sandbox.sync-tasks', { sandboxId: SANDBOX, desired: [kuasarTask], resources: {}, update }),
    { absent: 'NotFound', created: 'FailedPrecondition', running: 'OK', stopped: 'FailedPrecondition' },
  ],
  'task.create (in this sandbox)': [
    (s) => createTask(s),
    { absent: 'NotFound', created: 'FailedPrecondition', running: 'OK', stopped: 'FailedPrecondition' },
  ],
};

const CONTAINER_ROWS: Record<string, [Request, Record<string, string>]> = {
  'task.create (same id)': [
    (s) => createTask(s),
    {
      absent: 'OK',
      created: 'AlreadyExists',
      running: 'AlreadyExists',
      paused: 'AlreadyExists',
      stopped: 'AlreadyExists',
    },
  ],
  'task.start': [
    (s) => ask(s, 'task.start', container),
    {
      absent: 'NotFound',
      created: 'OK',
      running: 'FailedPrecondition',
      paused: 'FailedPrecondition',
      stopped: 'FailedPrecondition',
    },
  ],
  'task.kill': [
    (s) => ask(s, 'task.kill', { ...container, signal: 15, all: false }),
    { absent: 'NotFound', created: 'OK', running: 'OK', paused: 'OK', stopped: 'NotFound' },
  ],
  'task.kill (signal 0)': [
    (s) => ask(s, 'task.kill', { ...container, signal: 0, all: false }),
    { absent: 'NotFound', created: 'OK', running: 'OK', paused: 'OK', stopped: 'NotFound' },
  ],
  'task.delete': [
    (s) => ask(s, 'task.delete', container),
    {
      absent: 'NotFound',
      created: 'OK',
      running: 'FailedPrecondition',
      paused: 'FailedPrecondition',
      stopped: 'OK',
    },
  ],
  'task.state': [
    (s) => ask(s, 'task.state', container),
    { absent: 'NotFound', created: 'OK', running: 'OK', paused: 'OK', stopped: 'OK' },
  ],
  'task.wait': [
    (s, signal) => ask(s, 'task.wait', { ...container, signal }),
    { absent: 'NotFound', created: 'pending', running: 'pending', paused: 'pending', stopped: 'OK' },
  ],
  'task.pause': [
    (s) => ask(s, 'task.pause', { containerId: CONTAINER }),
    {
      absent: 'NotFound',
      created: 'FailedPrecondition',
      running: 'OK',
      paused: 'FailedPrecondition',
      stopped: 'FailedPrecondition',
    },
  ],
  'task.resume': [
    (s) => ask(s, 'task.resume', { containerId: CONTAINER }),
    {
      absent: 'NotFound',
      created: 'FailedPrecondition',
      running: 'FailedPrecondition',
      paused: 'OK',
      stopped: 'FailedPrecondition',
    },
  ],
  'task.exec': [
    (s) => ask(s, 'task.exec', { ...exec, record }),
    {
      absent: 'NotFound',
      created: 'FailedPrecondition',
      running: 'OK',
      paused: 'FailedPrecondition',
      stopped: 'FailedPrecondition',
    },
  ],
  'task.update': [
    (s) => ask(s, 'task.update', { containerId: CONTAINER, update: { cpu: 1 } }),
    { absent: 'NotFound', created: 'OK', running: 'OK', paused: 'OK', stopped: 'FailedPrecondition' },
  ],
  'task.exit (scripted, for the run that started)': [
    async (s) => {
      const { container: started } = await ask(s, 'task.stats', { containerId: CONTAINER });
      const run = { containerId: CONTAINER, startedAt: started.startedAt ?? 0 };
      return ask(s, 'task.exit', { ...run, at: 5_000, exitStatus: 3 });
    },
    {
      absent: 'NotFound',
      created: 'FailedPrecondition',
      running: 'OK',
      paused: 'OK',
      stopped: 'FailedPrecondition',
    },
  ],
  'task.pids': [
    (s) => ask(s, 'task.pids', { containerId: CONTAINER }),
    { absent: 'NotFound', created: 'OK', running: 'OK', paused: 'OK', stopped: 'OK' },
  ],
};

const EXEC_ROWS: Record<string, [Request, Record<string, string>]> = {
  'task.exec (same id)': [
    (s) => ask(s, 'task.exec', { ...exec, record }),
    { absent: 'OK', created: 'AlreadyExists', stopped: 'AlreadyExists' },
  ],
  'task.start (exec)': [
    (s) => ask(s, 'task.start', exec),
    { absent: 'NotFound', created: 'OK', stopped: 'FailedPrecondition' },
  ],
  'task.kill (exec)': [
    (s) => ask(s, 'task.kill', { ...exec, signal: 15, all: false }),
    { absent: 'NotFound', created: 'OK', stopped: 'NotFound' },
  ],
  'task.kill (exec, signal 0)': [
    (s) => ask(s, 'task.kill', { ...exec, signal: 0, all: false }),
    { absent: 'NotFound', created: 'OK', stopped: 'OK' },
  ],
  'task.delete (exec)': [
    (s) => ask(s, 'task.delete', exec),
    { absent: 'NotFound', created: 'OK', stopped: 'OK' },
  ],
  'task.state (exec)': [
    (s) => ask(s, 'task.state', exec),
    { absent: 'NotFound', created: 'OK', stopped: 'OK' },
  ],
  'task.wait (exec)': [
    (s, signal) => ask(s, 'task.wait', { ...exec, signal }),
    { absent: 'NotFound', created: 'pending', stopped: 'OK' },
  ],
};

async function cell(setup: Setup, request: Request): Promise<{ answer: string; heldPids: number }> {
  const { supervisor, heldPids } = harness();
  const cancel = new AbortController();
  await setup(supervisor);
  const answer = await outcome(request(supervisor, cancel.signal));
  cancel.abort();
  // Whatever the request did, a Shutdown of the sandbox gives back every pid.
  await ask(supervisor, 'sandbox.shutdown', { sandboxId: SANDBOX });
  supervisor.stop();
  return { answer, heldPids: heldPids.size };
}

for (const [rows, states, target] of [
  [SANDBOX_ROWS, sandboxIn, 'sandbox'],
  [CONTAINER_ROWS, containerIn, 'container'],
  [EXEC_ROWS, execIn, 'exec process'],
] as const) {
  for (const [name, [request, expected]] of Object.entries(rows)) {
    t.test(`${name}, per state of its ${target}`, async (t) => {
      t.same(Object.keys(expected), Object.keys(states), 'one cell per state');
      for (const [state, setup] of Object.entries(states)) {
        const { answer, heldPids } = await cell(setup, request);
        t.equal(answer, expected[state], `${state}: ${expected[state]}`);
        t.equal(heldPids, 0, `${state}: no pid left held after Shutdown`);
      }
    });
  }
}

t.test('a refusal names the state and the states that would accept the call', async (t) => {
  const { supervisor } = harness();
  await sandboxIn.created!(supervisor);
  await t.rejects(createTask(supervisor), {
    kind: 'FailedPrecondition',
    message: 'sandbox sb is created; task Create is allowed only in running',
  });
  await ask(supervisor, 'sandbox.start', { sandboxId: SANDBOX });
  await createTask(supervisor);
  await t.rejects(ask(supervisor, 'task.exec', { ...exec, record }), {
    message: 'task ctr is created; Exec is allowed only in running',
  });
  await ask(supervisor, 'task.kill', { ...container, signal: 9, all: false });
  await t.rejects(ask(supervisor, 'task.kill', { ...container, signal: 9, all: false }), {
    kind: 'NotFound',
    message: 'task ctr: process already finished',
  });
  supervisor.stop();
});

t.test('a stopping sandbox stops its containers and their execs first, in one request', async (t) => {
  const { supervisor, heldPids } = harness();
  await execIn.created!(supervisor);
  await ask(supervisor, 'task.exec', { containerId: CONTAINER, execId: 'ex-2', record });
  const cancel = new AbortController();
  const order: string[] = [];
  const waited = [
    ask(supervisor, 'task.wait', { ...container, signal: cancel.signal }).then((exit) => {
      order.push('container');
      return exit;
    }),
    ask(supervisor, 'sandbox.wait', { sandboxId: SANDBOX, signal: cancel.signal }).then((exit) => {
      order.push('sandbox');
      return exit;
    }),
  ];
  t.equal(heldPids.size, 2, 'the sandbox and the container hold pids (the execs are not started)');
  await ask(supervisor, 'sandbox.stop', { sandboxId: SANDBOX });
  const [containerExit] = await Promise.all(waited);
  t.equal(containerExit?.exitStatus, 137, 'the container stopped as if SIGKILLed');
  t.same(order, ['container', 'sandbox'], "the container's Wait is answered before the sandbox's");
  t.equal(heldPids.size, 0, 'every pid is released');
  const state = await ask(supervisor, 'task.state', container);
  t.equal(state.finished, true, 'the container is finished');
  await ask(supervisor, 'sandbox.shutdown', { sandboxId: SANDBOX });
  t.equal(await outcome(ask(supervisor, 'task.state', container)), 'NotFound', 'gone with its sandbox');
  supervisor.stop();
});
