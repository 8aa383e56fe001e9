import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig, status } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';
import { ctl, ctlOk } from '../ctl/run-ctl.js';

/** Fault injection against the real daemon over gRPC (docs/faults.md): what fails, what is held, what is logged. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-faults-'));
const planFile = path.join(tmp, 'faults.yaml');
fs.writeFileSync(
  planFile,
  [
    'rules:',
    '  - name: flaky-create',
    '    service: Controller',
    '    methods: [Create]',
    '    pod: flaky',
    "    failpoint: '1*error(UNAVAILABLE: injected, please retry)'",
    '',
  ].join('\n'),
);
const daemon = await startDaemon(t, ['--faults', planFile], tmp);
const api = controllerCalls(daemon.controller);

interface Failure {
  code: number;
  details: string;
}
const failureOf = (promise: Promise<unknown>): Promise<Failure> =>
  promise.then(
    () => ({ code: 0, details: 'succeeded' }),
    (error: Failure) => error,
  );

function pod(name: string, annotations: Record<string, string> = {}) {
  const config = podConfig({}, name);
  config.annotations = { ...config.annotations, ...annotations };
  return config;
}

interface LoggedCall {
  method: string;
  sandboxId: string;
  code: string;
  fault: string;
}
async function loggedCalls(sandboxId: string): Promise<LoggedCall[]> {
  const out = await ctlOk(daemon.socket, ['calls', '--sandbox', sandboxId, '-o', 'json']);
  return (JSON.parse(out) as { items: LoggedCall[] }).items;
}

t.test(
  'a counted failpoint on Create: the first attempt fails, nothing is kept; the retry succeeds',
  async (t) => {
    const first = await failureOf(api.create(createRequest('flaky-1', pod('flaky'))));
    t.equal(first.code, status.UNAVAILABLE, 'the code the rule chose');
    t.equal(first.details, 'injected, please retry', 'the message the rule gave');
    t.notOk(fs.existsSync(path.join(daemon.dir, 'flaky-1')), 'nothing written for the failed attempt');
    t.equal((await failureOf(api.status('flaky-1'))).code, status.NOT_FOUND, 'nothing exists');
    await api.create(createRequest('flaky-2', pod('flaky')));
    t.equal(
      (await api.status('flaky-2')).state,
      'SANDBOX_NOTREADY',
      'the retry (a new id, the same pod) succeeds',
    );
    const logged = await loggedCalls('flaky-1');
    t.match(
      logged,
      [{ method: 'Create', code: 'UNAVAILABLE', fault: /flaky-create/ }],
      'the call log names the rule',
    );
  },
);

t.test('a pod annotation delays its own Start; another pod is not held meanwhile', async (t) => {
  await api.create(
    createRequest('slow', pod('slow', { 'resource-slot.io/failpoint.Start': '1*delay(800)' })),
  );
  await api.create(createRequest('quick', pod('quick')));
  const began = Date.now();
  const slowStart = api.start('slow').then(() => Date.now() - began);
  const quickStart = api.start('quick').then(() => Date.now() - began);
  const [slowMs, quickMs] = await Promise.all([slowStart, quickStart]);
  t.ok(slowMs >= 800, `the annotated Start took ${slowMs} ms (>= 800)`);
  t.ok(quickMs < 700, `the other pod's Start took ${quickMs} ms`);
  const again = Date.now();
  await api.stop('slow');
  await api.start('slow').catch(() => undefined);
  t.ok(Date.now() - again < 700, 'the count is used up: no more delay');
});

t.test('a panic answers INTERNAL naming it, and the daemon serves on', async (t) => {
  await api.create(
    createRequest('panicky', pod('panicky', { 'resource-slot.io/failpoint.Status': '1*panic(oops)' })),
  );
  const failed = await failureOf(api.status('panicky'));
  t.equal(failed.code, status.INTERNAL);
  t.equal(failed.details, 'panic: oops');
  t.equal((await api.status('panicky')).state, 'SANDBOX_NOTREADY', 'the next call is answered');
});

t.test("task failpoints: the container's OCI annotation, counted per container name", async (t) => {
  await api.create(
    createRequest(
      'tasks',
      pod('tasks', { 'resource-slot.io/task-failpoint.Start.app': '1*error(NOT_FOUND: gone)' }),
    ),
  );
  const client = taskClient((await api.start('tasks')).address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  await tasks.create('app-1', writeBundle(daemon.tmp, 'app-1', 'tasks', {}, 'app'));
  const failed = await failureOf(tasks.start('app-1'));
  t.equal(failed.code, status.NOT_FOUND);
  t.equal((await tasks.state('app-1')).status, 1, 'still CREATED: the failed Start changed nothing');
  await tasks.start('app-1');
  t.equal((await tasks.state('app-1')).status, 2, 'the next Start runs it');
});

t.test('an outage added at run time: every call UNAVAILABLE until it is removed', async (t) => {
  await ctlOk(daemon.socket, ['fault', 'add', '{name: outage, outage: {for: 1h}}']);
  const during = await failureOf(api.status('quick'));
  t.equal(during.code, status.UNAVAILABLE);
  t.match(during.details, /outage/);
  const created = await failureOf(api.create(createRequest('during-outage', pod('during'))));
  t.equal(created.code, status.UNAVAILABLE, 'Create too');
  t.notOk(fs.existsSync(path.join(daemon.dir, 'during-outage')), 'nothing written');
  await ctlOk(daemon.socket, ['fault', 'rm', 'outage']);
  t.equal((await api.status('quick')).state, 'SANDBOX_READY', 'answers again once removed');
});

t.test('SIGHUP re-reads --faults; a bad file keeps the rules in force', async (t) => {
  fs.writeFileSync(
    planFile,
    'rules:\n  - methods: [Platform]\n    failpoint: "1*error(ABORTED: reloaded)"\n',
  );
  daemon.child.kill('SIGHUP');
  await new Promise((resolve) => setTimeout(resolve, 500));
  t.equal((await failureOf(api.platform('quick'))).code, status.ABORTED, 'the new rule is in force');
  fs.writeFileSync(planFile, 'rules:\n  - methods: [Nope]\n');
  daemon.child.kill('SIGHUP');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const listed = await ctl(daemon.socket, ['fault', 'ls']);
  t.match(listed.stdout, /Platform/, 'the bad file changed nothing');
  t.match(
    daemon.logs(),
    /faults\.yaml:2: rules\[0\]\.methods\[0\]: unknown method[^\n]*"msg":"Fault plan not re-read/,
  );
});

t.test('a bad --faults file stops the start, naming the file and line', async (t) => {
  const badDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-faults-bad-'));
  t.teardown(() => fs.rmSync(badDir, { recursive: true, force: true }));
  const bad = path.join(badDir, 'faults.yaml');
  fs.writeFileSync(bad, 'rules:\n  - delay: 2x\n');
  const failed = await startDaemon(t, ['--faults', bad], badDir).then(
    () => 'started',
    (error: Error) => error.message,
  );
  t.match(failed, /faults\.yaml:2: rules\[0\]\.delay: bad duration "2x"/);
});

t.test(
  'a sandbox that dies: Wait answers early with the scripted status; its containers stop with it',
  async (t) => {
    await api.create(
      createRequest(
        'dying',
        pod('dying', {
          'resource-slot.io/sandbox-exit-after': '400ms',
          'resource-slot.io/sandbox-exit-code': '3',
        }),
      ),
    );
    const began = Date.now();
    const client = taskClient((await api.start('dying')).address);
    t.teardown(() => client.close());
    const tasks = taskCalls(client);
    await tasks.create('dying-app', writeBundle(daemon.tmp, 'dying-app', 'dying'));
    await tasks.start('dying-app');
    const waited = await api.wait('dying');
    const ms = Date.now() - began;
    t.equal(waited.exitStatus, 3, 'Wait answers the scripted status');
    t.ok(ms >= 350 && ms < 3000, `about 400 ms after Start (${ms} ms)`);
    t.equal((await api.status('dying')).state, 'SANDBOX_NOTREADY');
    t.equal((await tasks.state('dying-app')).status, 3, 'its container is STOPPED');
    const bad = await failureOf(
      api.create(
        createRequest('bad-death', pod('bad-death', { 'resource-slot.io/sandbox-exit-after': 'soon' })),
      ),
    );
    t.equal(bad.code, status.INVALID_ARGUMENT);
    t.match(bad.details, /sandbox-exit-after/);
  },
);
