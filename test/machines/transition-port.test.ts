import t from 'tap';
import { createActor } from 'xstate';
import { containerMachine } from '../../machines/container.machine.js';
import { execMachine } from '../../machines/exec.machine.js';
import { Registries } from '../../machines/registries.js';
import { sandboxMachine } from '../../machines/sandbox.machine.js';
import { supervisorMachine, type EntityKind } from '../../machines/supervisor.machine.js';
import type { SandboxerError } from '../../src/core/errors.js';
import { ask } from '../../src/transport/ask.js';

type Told = [kind: EntityKind, from: string | null, to: string];

/** The supervisor with in-memory ports, telling `told` of each state change the onTransition port hears. */
function supervisorTelling(told: Told[]) {
  let pid = 100;
  return createActor(supervisorMachine, {
    input: {
      sandboxMachine,
      containerMachine,
      execMachine,
      registries: new Registries(),
      now: () => 1_000,
      allocatePid: () => ++pid,
      releasePid: () => undefined,
      reservePid: () => undefined,
      maxSandboxes: 10,
      whenDurable: () => Promise.resolve(),
      applySandboxUpdate: (current) => ({ record: current.record, resources: current.resources }),
      applyResourcesUpdate: (current) => current,
      execExitStatus: () => 0,
      containerNameOf: () => '',
      admitSandbox: () => {},
      admitTask: (command) => command.resources,
      podChanged: () => {},
      onTransition: (kind, from, to) => told.push([kind, from, to]),
    },
  }).start();
}

t.test('onTransition hears every state change of every entity actor, and nothing else', async (t) => {
  const told: Told[] = [];
  const s = supervisorTelling(told);
  const record = { origin: 'test' };
  await ask(s, 'sandbox.create', { command: { sandboxId: 'sb', record, resources: {} } });
  await ask(s, 'sandbox.start', { sandboxId: 'sb' });
  await ask(s, 'sandbox.update', { sandboxId: 'sb', update: { fields: ['labels'], sandbox: {} } });
  const refused = await ask(s, 'sandbox.start', { sandboxId: 'sb' }).then(
    () => 'OK',
    (error: SandboxerError) => error.kind,
  );
  t.equal(refused, 'FailedPrecondition');
  await ask(s, 'task.create', { command: { containerId: 'ctr', sandboxId: 'sb', record, resources: {} } });
  await ask(s, 'task.start', { containerId: 'ctr', execId: '' });
  await ask(s, 'task.exec', { containerId: 'ctr', execId: 'ex', record });
  await ask(s, 'task.start', { containerId: 'ctr', execId: 'ex' });
  await ask(s, 'sandbox.shutdown', { sandboxId: 'sb' });
  t.same(told, [
    ['sandbox', null, 'created'],
    ['sandbox', 'created', 'running'],
    // The Update re-enters `running` and the refused Start changes nothing: neither is told.
    ['container', null, 'created'],
    ['container', 'created', 'running'],
    ['exec', null, 'created'],
    // An exec'd process starts and, with nothing to run, exits within its Start: two sends, two changes.
    ['exec', 'created', 'running'],
    ['exec', 'running', 'stopped'],
    // Shutdown of a running sandbox stops its container, deletes the container's exec and the container, and the
    // sandbox goes through stopped to deleted in one step, told as one change.
    ['container', 'running', 'stopped'],
    ['exec', 'stopped', 'deleted'],
    ['container', 'stopped', 'deleted'],
    ['sandbox', 'running', 'deleted'],
  ]);
  s.stop();
});
