// The node's admission as the supervisor consults it: before anything of a sandbox or a container exists, and
// before the sandbox counts the container (its run counter is persisted); what it answers is what is stored; and
// every change of a sandbox's actors is reported so the node's totals can follow.
import t from 'tap';
import { createActor } from 'xstate';
import { supervisorMachine } from '../../machines/supervisor.machine.js';
import { FailedPreconditionError, ResourceExhaustedError } from '../../src/core/errors.js';
import { ask } from '../../src/transport/ask.js';
import { fakePorts } from '../helpers/fake-ports.js';

const record = { origin: 'test' };
const sandboxCommand = (sandboxId: string) => ({ sandboxId, record, resources: { cpu_request: 1.5 } });
const taskCommand = (containerId: string) => ({
  containerId,
  sandboxId: 'sb',
  record,
  resources: { cpu_request: 0.5 },
});

t.test('a refused sandbox Create leaves no actor and reports no change', async (t) => {
  const changed: string[] = [];
  const { ports, heldPids } = fakePorts({
    admitSandbox: (command) => {
      if (command.sandboxId === 'full') throw new ResourceExhaustedError('OutOfcpu: no room');
    },
    podChanged: (id) => changed.push(id),
  });
  const supervisor = createActor(supervisorMachine, { input: ports }).start();
  await t.rejects(ask(supervisor, 'sandbox.create', { command: sandboxCommand('full') }), {
    kind: 'ResourceExhausted',
    message: 'OutOfcpu: no room',
  });
  t.equal(ports.registries.sandboxes.size, 0, 'no sandbox actor');
  t.same(changed, [], 'nothing changed');
  t.equal(heldPids.size, 0);
  await ask(supervisor, 'sandbox.create', { command: sandboxCommand('fits') });
  t.same(changed, ['fits'], 'an admitted one is reported');
  supervisor.stop();
});

t.test('a refused task Create leaves no container and the sandbox as it was', async (t) => {
  const asked: string[] = [];
  const { ports } = fakePorts({
    containerNameOf: () => 'app',
    admitTask: (command) => {
      asked.push(command.containerId);
      if (command.containerId === 'too-big') throw new FailedPreconditionError('LimitRange: too big');
      return { ...command.resources, memory_limit: 268435456 };
    },
  });
  const supervisor = createActor(supervisorMachine, { input: ports }).start();
  await ask(supervisor, 'sandbox.create', { command: sandboxCommand('sb') });
  await t.rejects(ask(supervisor, 'task.create', { command: taskCommand('early') }), {
    kind: 'FailedPrecondition',
    message: 'sandbox sb is created; task Create is allowed only in running',
  });
  t.same(asked, [], 'a sandbox that takes no containers refuses before the node is asked');
  await ask(supervisor, 'sandbox.start', { sandboxId: 'sb' });
  const before = ports.registries.sandboxes.get('sb')?.getSnapshot().context;
  await t.rejects(ask(supervisor, 'task.create', { command: taskCommand('too-big') }), {
    kind: 'FailedPrecondition',
    message: 'LimitRange: too big',
  });
  t.equal(ports.registries.containers.size, 0, 'no container actor');
  t.equal(
    ports.registries.sandboxes.get('sb')?.getSnapshot().context,
    before,
    'the sandbox did not count it',
  );
  await ask(supervisor, 'task.create', { command: taskCommand('ok') });
  t.same(
    ports.registries.containers.get('ok')?.getSnapshot().context.resources,
    { cpu_request: 0.5, memory_limit: 268435456 },
    'the admitted resources are what is stored',
  );
  t.same(ports.registries.sandboxes.get('sb')?.getSnapshot().context.runs, { app: 1 });
  supervisor.stop();
});

t.test('every change of a sandbox or its containers is reported with the sandbox id', async (t) => {
  const changed: string[] = [];
  const { ports } = fakePorts({ podChanged: (id) => changed.push(id) });
  const supervisor = createActor(supervisorMachine, { input: ports }).start();
  const steps: Array<[string, () => Promise<unknown>]> = [
    ['create', () => ask(supervisor, 'sandbox.create', { command: sandboxCommand('sb') })],
    ['start', () => ask(supervisor, 'sandbox.start', { sandboxId: 'sb' })],
    ['task create', () => ask(supervisor, 'task.create', { command: taskCommand('c1') })],
    [
      'task kill',
      () => ask(supervisor, 'task.kill', { containerId: 'c1', execId: '', signal: 9, all: false }),
    ],
    ['stop', () => ask(supervisor, 'sandbox.stop', { sandboxId: 'sb' })],
    ['shutdown', () => ask(supervisor, 'sandbox.shutdown', { sandboxId: 'sb' })],
  ];
  for (const [step, run] of steps) {
    changed.length = 0;
    await run();
    t.ok(changed.length > 0 && changed.every((id) => id === 'sb'), `${step}: reported for sb`);
  }
  supervisor.stop();
});
