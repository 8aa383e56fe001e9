// Ids accept unique prefixes as crictl does: an exact id wins, a unique prefix resolves, an ambiguous or
// unknown one fails with a clear message and a non-zero exit status.
import t from 'tap';
import { CtlError, UsageError } from '../../src/ctl/errors.js';
import { resolvePrefix } from '../../src/ctl/resolve.js';
import { startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';
import { ctl, ctlOk, ctlProcess } from './run-ctl.js';

t.test('resolvePrefix', async (t) => {
  const ids = ['abc1', 'abc12', 'abd3', 'f00'];
  t.equal(resolvePrefix('pod sandbox', 'abd', ids), 'abd3', 'a unique prefix');
  t.equal(resolvePrefix('pod sandbox', 'abc1', ids), 'abc1', 'an exact id wins over longer ids it prefixes');
  t.equal(resolvePrefix('pod sandbox', 'f00', ids), 'f00', 'a whole id');
  t.throws(() => resolvePrefix('pod sandbox', 'ab', ids), {
    constructor: CtlError,
    code: 'INVALID_ARGUMENT',
    message: 'pod sandbox id prefix "ab" is ambiguous: it matches abc1, abc12, abd3',
  });
  t.throws(() => resolvePrefix('container', 'z', ids), {
    constructor: CtlError,
    code: 'NOT_FOUND',
    message: 'no container id starts with "z"',
  });
  t.throws(() => resolvePrefix('container', '', ids), {
    constructor: UsageError,
    message: 'a container id (or a unique prefix of one) is required',
  });
  const many = Array.from({ length: 8 }, (_, index) => `a${index}`);
  t.throws(() => resolvePrefix('container', 'a', many), { message: /a0, a1, a2, a3, a4, … \(8 in all\)$/ });
});

t.test('prefixes against a live daemon', async (t) => {
  const daemon = await startDaemon(t);
  const { socket } = daemon;
  const controller = controllerCalls(daemon.controller);
  for (const id of ['abc1', 'abc12', 'abd3']) {
    await controller.create(createRequest(id, podConfig({}, `pod-${id}`)));
    await controller.start(id);
  }
  const client = taskClient((await controller.status('abc1')).address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  for (const id of ['c-one', 'c-two']) await tasks.create(id, writeBundle(daemon.tmp, id, 'abd3'));

  t.test('pod verbs', async (t) => {
    t.match(JSON.parse(await ctlOk(socket, ['inspectp', 'abd'])), { status: { id: 'abd3' } }, 'unique');
    t.match(JSON.parse(await ctlOk(socket, ['inspectp', 'abc1'])), { status: { id: 'abc1' } }, 'exact');
    const ambiguous = await ctl(socket, ['inspectp', 'ab']);
    t.equal(ambiguous.code, 1);
    t.equal(
      ambiguous.stderr,
      'resource-slot-ctl inspectp: INVALID_ARGUMENT: pod sandbox id prefix "ab" is ambiguous: it matches abc1, abc12, abd3\n',
    );
    const missing = await ctl(socket, ['stopp', 'zz']);
    t.equal(missing.code, 1);
    t.equal(missing.stderr, 'resource-slot-ctl stopp: NOT_FOUND: no pod sandbox id starts with "zz"\n');
    const podFilter = await ctl(socket, ['ps', '--pod', 'ab']);
    t.equal(podFilter.code, 1, 'the --pod filter resolves prefixes too');
    t.match(podFilter.stderr, /ambiguous/);
    t.equal((await ctlOk(socket, ['ps', '-a', '-q', '--pod', 'abd'])).trim().split('\n').length, 2);
  });

  t.test('container verbs', async (t) => {
    t.match(JSON.parse(await ctlOk(socket, ['inspect', 'c-o'])), { status: { id: 'c-one' } }, 'unique');
    const ambiguous = await ctl(socket, ['start', 'c-']);
    t.equal(ambiguous.code, 1);
    t.match(
      ambiguous.stderr,
      /^resource-slot-ctl start: INVALID_ARGUMENT: container id prefix "c-" is ambiguous: it matches c-one, c-two\n$/,
    );
    const missing = await ctl(socket, ['rm', 'abc1']);
    t.equal(missing.code, 1, 'a pod id is not a container id');
    t.match(missing.stderr, 'NOT_FOUND: no container id starts with "abc1"');
    t.equal(await ctlOk(socket, ['start', 'c-t']), 'c-two\n');
  });

  t.test('the bin exits non-zero on an ambiguous prefix', async (t) => {
    const result = await ctlProcess(['--socket', socket, 'rmp', 'a']);
    t.equal(result.code, 1);
    t.match(result.stderr, /ambiguous: it matches abc1, abc12, abd3/);
  });
});
