// The simulated node's admission against the real daemon over gRPC (docs/node.md): a Create that does not fit
// allocatable is refused in kubelet's words under --admission enforce and nothing of it is written; under warn it is
// admitted, logged and counted; Inspect's Node reports what was decided.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import t from 'tap';
import { InspectClient, type NodeResponse } from '../../src/generated/resourceslot/v1/inspect.js';
import { sandboxDirs, startDaemon, unary, type TestDaemon } from '../helpers/daemon.js';
import { until } from '../helpers/poll.js';
import { controllerCalls, createRequest, podConfig, status } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';

/** kubelet's sandbox config for a pod whose containers request 1500m: 1536 cpu shares. */
const pod1500m = (name: string) => podConfig({ cpuShares: 1536 }, name);

function inspect(daemon: TestDaemon, t: { teardown(fn: () => void): void }) {
  const client = new InspectClient(`unix:${daemon.socket}`, credentials.createInsecure());
  t.teardown(() => client.close());
  return (findings = false) => unary<NodeResponse>((done) => client.node({ findings }, done));
}

/** The daemon's log lines reach its stdout asynchronously. */
const logged = (daemon: TestDaemon, pattern: RegExp): Promise<boolean> =>
  until(() => pattern.test(daemon.logs()));

const refusal = async (call: Promise<unknown>): Promise<ServiceError> =>
  call.then(
    () => {
      throw new Error('the call was admitted');
    },
    (error: ServiceError) => error,
  );

t.test(
  'enforce: the second 1500m pod on a 2-cpu node is refused and nothing is written for it',
  async (t) => {
    const daemon = await startDaemon(t, ['--capacity', 'cpu=2', '--admission', 'enforce']);
    const api = controllerCalls(daemon.controller);
    const node = inspect(daemon, t);
    await api.create(createRequest('first', pod1500m('first')));
    const refused = await refusal(api.create(createRequest('second', pod1500m('second'))));
    t.equal(refused.code, status.RESOURCE_EXHAUSTED);
    t.equal(
      refused.details,
      "OutOfcpu: Node didn't have enough resource: cpu, requested: 1500, used: 1500, capacity: 2000",
    );
    t.strictSame(sandboxDirs(daemon.dir), ['first'], 'no directory for the refused sandbox');
    await t.rejects(api.status('second'), { code: status.NOT_FOUND }, 'and no actor');
    t.ok(
      await logged(daemon, /"sandboxId":"second"[^\n]*"reason":"OutOfcpu"[^\n]*"msg":"Refused: OutOfcpu: /),
      'logged with the sandbox and the reason',
    );

    const answer = await node();
    t.match(answer.allocated, { pods: 1, cpuRequestsMillis: 1500 });
    t.match(answer.admission, {
      mode: 'enforce',
      admitted: 1,
      warned: 0,
      refused: 1,
      reasons: { OutOfcpu: 1 },
    });
    t.match(answer.resources[0], { name: 'cpu', capacity: '2', allocatable: '2', allocatableValue: 2000 });

    await api.stop('first');
    await api.create(createRequest('second', pod1500m('second')));
    t.pass('a stopped pod holds nothing: the second fits now');
    t.match((await node()).allocated, { pods: 1, cpuRequestsMillis: 1500 });
  },
);

t.test('enforce: a task Create beyond allocatable is refused, its sandbox unchanged', async (t) => {
  const daemon = await startDaemon(t, ['--capacity', 'cpu=2', '--admission', 'enforce']);
  const api = controllerCalls(daemon.controller);
  await api.create(createRequest('pod', podConfig()));
  const { address } = await api.start('pod');
  const client = taskClient(address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  await tasks.create('one', writeBundle(daemon.tmp, 'one', 'pod', { cpu: { shares: 1024 } }));
  const sandboxBefore = fs.readFileSync(path.join(daemon.dir, 'pod', 'sandbox.json'), 'utf8');
  const refused = await refusal(
    tasks.create('two', writeBundle(daemon.tmp, 'two', 'pod', { cpu: { shares: 1536 } })),
  );
  t.equal(refused.code, status.RESOURCE_EXHAUSTED);
  t.equal(
    refused.details,
    "OutOfcpu: Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000",
  );
  t.notOk(fs.existsSync(path.join(daemon.dir, 'pod', 'containers', 'two.json')), 'no file for the container');
  t.equal(
    fs.readFileSync(path.join(daemon.dir, 'pod', 'sandbox.json'), 'utf8'),
    sandboxBefore,
    'the sandbox did not count it',
  );
  await t.rejects(tasks.state('two'), { code: status.NOT_FOUND });
});

t.test('warn (the default): admitted, logged with the sandbox and the reason, counted', async (t) => {
  const daemon = await startDaemon(t, ['--capacity', 'cpu=2']);
  const api = controllerCalls(daemon.controller);
  await api.create(createRequest('first', pod1500m('first')));
  await api.create(createRequest('second', pod1500m('second')));
  t.strictSame(sandboxDirs(daemon.dir).sort(), ['first', 'second']);
  t.ok(
    await logged(
      daemon,
      /"level":40[^\n]*"sandboxId":"second"[^\n]*"reason":"OutOfcpu"[^\n]*"msg":"Admitted, though it would be refused: OutOfcpu: Node didn't have enough resource: cpu, requested: 1500, used: 1500, capacity: 2000"/,
    ),
  );
  const answer = await inspect(daemon, t)();
  t.match(answer.admission, { mode: 'warn', admitted: 1, warned: 1, refused: 0, reasons: { OutOfcpu: 1 } });
  t.match(answer.allocated, { pods: 2, cpuRequestsMillis: 3000 }, 'allocated may go beyond allocatable');
});

t.test('a policy refuses by its rule; a bad policy file stops the start, naming file:line', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-policy-'));
  const policy = path.join(tmp, 'policy.yaml');
  fs.writeFileSync(
    policy,
    [
      'apiVersion: v1',
      'kind: ResourceQuota',
      'metadata: {name: two-pods, namespace: default}',
      'spec:',
      '  hard: {pods: 1}',
    ].join('\n'),
  );
  const daemon = await startDaemon(t, ['--admission', 'enforce', '--policy', policy], tmp);
  const api = controllerCalls(daemon.controller);
  await api.create(createRequest('one', podConfig({}, 'one')));
  const refused = await refusal(api.create(createRequest('two', podConfig({}, 'two'))));
  t.equal(refused.code, status.RESOURCE_EXHAUSTED);
  t.equal(
    refused.details,
    'exceeded quota: two-pods, requested: pods=1, used: pods=1, limited: pods=1 [ResourceQuota default/two-pods (policy.yaml:1)]',
  );
  t.ok(
    await logged(
      daemon,
      /"sandboxId":"two"[^\n]*"reason":"ExceededQuota","rule":"ResourceQuota default\/two-pods \(policy\.yaml:1\)"/,
    ),
  );

  const badDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-policy-bad-'));
  t.teardown(() => fs.rmSync(badDir, { recursive: true, force: true }));
  const bad = path.join(badDir, 'policy.yaml');
  fs.writeFileSync(
    bad,
    'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec:\n  hard: {gpus: 1}\n',
  );
  const failed = await startDaemon(t, ['--policy', bad], badDir).then(
    () => 'started',
    (error: Error) => error.message,
  );
  t.match(failed, /policy\.yaml:5: spec\.hard\.gpus: ResourceSlot counts these only/);
  t.notOk(fs.existsSync(path.join(badDir, 'state')), '--dir is not touched');
});
