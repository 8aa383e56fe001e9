import path from 'node:path';
import t from 'tap';
import { ALL_CHECKS } from '../../src/conformance/checks/index.js';
import { sandboxDirs, startDaemon } from '../helpers/daemon.js';
import { startBrokenController } from './broken-controller.js';
import { namesWith, runConformance, type JsonReport } from './run-bin.js';

t.test('against our own daemon every check passes, none is skipped, nothing is left behind', async (t) => {
  const daemon = await startDaemon(t);
  const run = await runConformance(['--socket', daemon.socket, '--format', 'json']);
  t.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  t.same(
    report.checks.map((check) => check.name),
    ALL_CHECKS.map((check) => check.name),
    'every check ran, in order',
  );
  t.same(namesWith(report, 'fail'), [], 'no failure');
  t.same(namesWith(report, 'skip'), [], 'the task API and verbose info are there, so nothing is skipped');
  t.same(report.cleanupProblems, []);
  t.same(sandboxDirs(daemon.dir), [], 'every sandbox the run created is gone');
});

t.test('--task-socket <path>, --only and the tap format', async (t) => {
  const daemon = await startDaemon(t);
  const run = await runConformance([
    '--socket',
    daemon.socket,
    '--task-socket',
    path.join(daemon.dir, 'task.sock'),
    '--only',
    'task.create,sandbox.not-found.*',
    '--format',
    'tap',
  ]);
  t.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  t.equal(lines[0], 'TAP version 14');
  t.equal(lines[1], '1..5');
  t.match(lines.slice(2, 7), [
    /^ok 1 - sandbox\.not-found\.status: /,
    /^ok 2 - sandbox\.not-found\.wait: /,
    /^ok 3 - sandbox\.not-found\.stop: /,
    /^ok 4 - sandbox\.not-found\.shutdown: /,
    /^ok 5 - task\.create: /,
  ]);
});

t.test('a broken stand-in: exactly its defects fail, what does not apply is skipped', async (t) => {
  const broken = await startBrokenController(t);
  const run = await runConformance(['--socket', broken.socket, '--format', 'json']);
  t.equal(run.code, 1, 'exits non-zero');
  const report = JSON.parse(run.stdout) as JsonReport;
  t.same(namesWith(report, 'fail'), [
    'sandbox.status.ready',
    'sandbox.status.notready-after-stop',
    'sandbox.wait.blocks',
    'sandbox.wait.released-by-stop',
  ]);
  const why = Object.fromEntries(report.checks.map((check) => [check.name, check.why]));
  t.match(why['sandbox.status.ready'], /says "running", not "SANDBOX_READY"/);
  t.match(why['sandbox.wait.blocks'], /Wait returned while the sandbox is running/);
  const skipped = namesWith(report, 'skip');
  t.same(
    skipped.filter((name) => !name.startsWith('task.')),
    [
      'sandbox.address.version',
      'sandbox.address.format',
      'sandbox.address.status-matches',
      'sandbox.status.verbose-info',
    ],
    'no task address, no verbose info: skipped, not passed',
  );
  t.same(
    ALL_CHECKS.filter((check) => check.name.startsWith('task.')).map((check) => check.name),
    skipped.filter((name) => name.startsWith('task.')),
    'every task check is skipped',
  );
  t.match(why['task.create'], /Start returned no task address/);
  t.same(broken.sandboxes.size, 0, 'cleanup shut down every sandbox it created');
});

t.test('the text format: one line per check, then the totals', async (t) => {
  const broken = await startBrokenController(t);
  const run = await runConformance(['--socket', broken.socket, '--only', 'sandbox.wait.*']);
  t.equal(run.code, 1);
  t.same(
    run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(':')[0]),
    [
      'FAIL sandbox.wait.blocks',
      'FAIL sandbox.wait.released-by-stop',
      'PASS sandbox.wait.after-stop',
      `1 passed, 2 failed, 0 skipped against ${broken.socket}`,
    ],
  );
});

t.test('usage errors exit 2, an unreachable socket exits 1', async (t) => {
  t.equal((await runConformance([])).code, 2, 'no --socket');
  t.equal((await runConformance(['--socket', '/x', '--only', 'nothing.*'])).code, 2, 'no check matches');
  const unreachable = await runConformance([
    '--socket',
    path.join(t.testdirName, 'none.sock'),
    '--only',
    'sandbox.platform',
  ]);
  t.equal(unreachable.code, 1);
  t.match(unreachable.stderr, /cannot reach/);
});
