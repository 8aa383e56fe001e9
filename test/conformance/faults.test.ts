import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import t from 'tap';
import { ALL_CHECKS } from '../../src/conformance/checks/index.js';
import { FAULT_CHECKS } from '../../src/conformance/checks/faults.js';
import type { FaultSummary } from '../../src/conformance/report.js';
import { FaultsClient } from '../../src/generated/resourceslot/v1/faults.js';
import { InspectClient, type CallRecord } from '../../src/generated/resourceslot/v1/inspect.js';
import { sandboxDirs, startDaemon, unary } from '../helpers/daemon.js';
import { startBrokenController } from './broken-controller.js';
import { startFaultSandboxer } from './fault-sandboxer.js';
import { namesWith, runConformance, startConformance, type JsonReport } from './run-bin.js';

/** resource-slot-conformance --faults (docs/conformance.md): the plan installed, retries, the faults.* checks. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-conformance-faults-'));
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));

function planFile(name: string, lines: string[]): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, ['rules:', ...lines, ''].join('\n'));
  return file;
}

const START_ONCE = [
  '  - name: start-once',
  '    service: Controller',
  '    methods: [Start]',
  "    failpoint: '1*error(UNAVAILABLE: injected)'",
];
const plan = planFile('plan.yaml', [
  ...START_ONCE,
  '  - name: slow-status',
  '    service: Controller',
  '    methods: [Status]',
  "    failpoint: '1*delay(50)'",
]);

const FAULT_NAMES = FAULT_CHECKS.map((check) => check.name);
/** The stand-ins serve no task API: one check that starts a sandbox, and the faults.* ones. */
const START_AND_FAULT_CHECKS = ['--only', 'sandbox.create-start,faults.*'];

type Report = JsonReport & { faults?: FaultSummary };

t.test('against our daemon: every check passes through the faults, and the plan is gone after', async (t) => {
  const daemon = await startDaemon(t);
  const faults = new FaultsClient(`unix:${daemon.socket}`, credentials.createInsecure());
  const inspect = new InspectClient(`unix:${daemon.socket}`, credentials.createInsecure());
  t.teardown(() => (faults.close(), inspect.close()));
  const run = await runConformance(['--socket', daemon.socket, '--faults', plan, '--format', 'json']);
  t.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  t.same(
    report.checks.map((check) => check.name),
    [...ALL_CHECKS, ...FAULT_CHECKS].map((check) => check.name),
    'every check ran, the faults.* ones last',
  );
  t.same(namesWith(report, 'fail'), []);
  t.same(namesWith(report, 'skip'), [], 'faults were injected, so the faults.* checks judged something');
  const why = Object.fromEntries(report.checks.map((check) => [check.name, check.why]));
  t.match(why['faults.retry-succeeds'], /^\d+ calls that failed by injection got through when retried/);
  t.match(why['faults.injected-failure-changes-nothing'], /Controller\.Start ×\d+/);

  const { calls } = await unary<{ calls: CallRecord[] }>((callback) =>
    inspect.listCalls(
      { afterSeq: 0, limit: 0, filter: { sandboxId: '', containerId: '', method: 'Controller.Start' } },
      callback,
    ),
  );
  const injected = calls.filter((call) => call.fault !== '' && call.code === 'UNAVAILABLE');
  t.ok(injected.length > 10, `the daemon injected ${injected.length} Start failures`);
  for (const failed of injected) {
    t.ok(
      calls.some(
        (call) => call.sandboxId === failed.sandboxId && call.seq > failed.seq && call.code === 'OK',
      ),
      `the Start of ${failed.sandboxId} was retried and succeeded`,
    );
  }
  t.match(report.faults, {
    plan,
    rules: [{ id: 'start-once' }, { id: 'slow-status' }],
    injected: [
      { method: 'Controller.Status', failed: 0 },
      { method: 'Controller.Start', failed: injected.length, delayed: 0 },
    ],
    dropped: 0,
  });
  t.ok((report.faults?.injected[0]?.delayed ?? 0) > 10, 'Status calls were held');
  const { rules } = await unary<{ rules: unknown[] }>((callback) => faults.listRules({}, callback));
  t.same(rules, [], 'the rules the run added are removed');
  t.same(sandboxDirs(daemon.dir), [], 'and every sandbox');
});

t.test(
  'a sandboxer that changes state on an injected failure fails faults.injected-failure-changes-nothing',
  async (t) => {
    const defective = await startFaultSandboxer(t, { mutateOnFault: true });
    const run = await runConformance([
      '--socket',
      defective.socket,
      '--faults',
      plan,
      '--format',
      'json',
      ...START_AND_FAULT_CHECKS,
    ]);
    t.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as Report;
    const why = Object.fromEntries(report.checks.map((check) => [check.name, check.why]));
    t.same(namesWith(report, 'fail'), [
      'sandbox.create-start',
      'faults.injected-failure-changes-nothing',
      'faults.retry-succeeds',
    ]);
    t.match(
      why['sandbox.create-start'],
      /Controller\.Start of \S+ answered UNAVAILABLE: injected \(injected: rule r1 /,
    );
    t.match(
      why['sandbox.create-start'],
      /yet it changed the sandbox: before "Status SANDBOX_NOTREADY.*", after "Status SANDBOX_READY/,
    );
    t.match(
      why['faults.injected-failure-changes-nothing'],
      /^1 of 1 injected failures changed state: Controller\.Start of /,
    );
    t.match(why['faults.retry-succeeds'], /was not retried, since its failure changed state/);
    t.equal(namesWith(report, 'pass')[0], 'faults.calls-logged', 'it did log its fault');
    t.same(defective.rules, [], 'the rule is removed');
    t.equal(defective.sandboxes.size, 0, 'cleanup shut the sandbox down');

    const sound = await startFaultSandboxer(t, { mutateOnFault: false });
    const passing = await runConformance([
      '--socket',
      sound.socket,
      '--faults',
      plan,
      '--format',
      'json',
      ...START_AND_FAULT_CHECKS,
    ]);
    t.equal(passing.code, 0, 'the same stand-in without the defect passes');
    t.same(namesWith(JSON.parse(passing.stdout) as Report, 'pass'), ['sandbox.create-start', ...FAULT_NAMES]);
  },
);

t.test('a call log that names another rule for the fault fails faults.calls-logged', async (t) => {
  const misleading = await startFaultSandboxer(t, {
    mutateOnFault: false,
    logFaultAs: 'rule r9 (elsewhere)',
  });
  const misnamed = await runConformance([
    '--socket',
    misleading.socket,
    '--faults',
    plan,
    '--format',
    'json',
    ...START_AND_FAULT_CHECKS,
  ]);
  t.equal(misnamed.code, 1, 'a log that names the wrong rule fails');
  const misnamedReport = JSON.parse(misnamed.stdout) as Report;
  t.same(namesWith(misnamedReport, 'fail'), ['faults.calls-logged']);
  t.match(
    misnamedReport.checks.find((check) => check.name === 'faults.calls-logged')?.why,
    /^1 injected failures are not logged with a plan rule that injects them: Controller\.Start of \S+ answered UNAVAILABLE "injected", logged as "rule r9 \(elsewhere\)"/,
  );
});

t.test('a sandboxer without the Faults service cannot take a plan: one line, nothing created', async (t) => {
  const broken = await startBrokenController(t);
  const run = await runConformance(['--socket', broken.socket, '--faults', plan]);
  t.equal(run.code, 1);
  t.equal(run.stdout, '', 'no check ran');
  t.match(
    run.stderr,
    /^resource-slot-conformance: \S+ cannot take a fault plan: it does not serve resourceslot\.v1\.Faults \(ListRules answered UNIMPLEMENTED\)\n$/,
  );
  t.equal(broken.sandboxes.size, 0);
});

t.test(
  'a rule the sandboxer refuses stops the run, naming its line; rules added before it are removed',
  async (t) => {
    const daemon = await startDaemon(t);
    const faults = new FaultsClient(`unix:${daemon.socket}`, credentials.createInsecure());
    t.teardown(() => faults.close());
    const refused = planFile('refused.yaml', [...START_ONCE, '  - {methods: [Nope], delay: 1s}']);
    const run = await runConformance(['--socket', daemon.socket, '--faults', refused]);
    t.equal(run.code, 1);
    t.match(
      run.stderr,
      /refused\.yaml:6: rules\[1\]: the sandboxer refused it: AddRule answered INVALID_ARGUMENT: rule\.methods\[0\]: unknown method "Nope"/,
    );
    const { rules } = await unary<{ rules: unknown[] }>((callback) => faults.listRules({}, callback));
    t.same(rules, [], 'start-once was added, then removed');

    const slow = planFile('slow.yaml', [
      '  - {name: slow, service: Controller, methods: [Status], delay: 200ms}',
    ]);
    const { child, done } = startConformance(['--socket', daemon.socket, '--faults', slow]);
    for (let installed = false; !installed;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      installed =
        (await unary<{ rules: unknown[] }>((callback) => faults.listRules({}, callback))).rules.length > 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGINT');
    const interrupted = await done;
    t.equal(interrupted.code, 130, 'interrupted');
    const after = await unary<{ rules: unknown[] }>((callback) => faults.listRules({}, callback));
    t.same(after.rules, [], 'the interrupted run removed its rule');
    t.same(sandboxDirs(daemon.dir), [], 'and its sandboxes');
  },
);

t.test('the faults.* checks exist only with --faults; a bad plan file is a usage error', async (t) => {
  const listed = (await runConformance(['--list'])).stdout.trim().split('\n');
  t.same(
    listed,
    ALL_CHECKS.map((check) => check.name),
  );
  const withFaults = await runConformance(['--list', '--faults', plan, '--only', 'faults.*']);
  t.same(withFaults.stdout.trim().split('\n'), FAULT_NAMES);
  const missing = await runConformance([
    '--socket',
    '/nowhere.sock',
    '--faults',
    path.join(tmp, 'none.yaml'),
  ]);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /cannot read the fault plan .*none\.yaml/);
  const empty = await runConformance(['--socket', '/nowhere.sock', '--faults', planFile('empty.yaml', [])]);
  t.equal(empty.code, 2);
  t.match(empty.stderr, /empty\.yaml:1: rules must be a list of at least one rule/);
});
