// `fault` end to end: the ctl (in process) against a real daemon on a temp socket, in this process so it can be
// given a fault plan (a fake one: the real plan is tested with src/faults/), and against the daemon the command
// line starts, which has none.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { startDaemon } from '../helpers/daemon.js';
import { FakeFaultRules } from '../helpers/fake-fault-rules.js';
import { startInProcessDaemon } from '../helpers/in-process-daemon.js';
import { ctl, ctlOk, tableRows } from './run-ctl.js';

async function daemonWithFaults(t: { teardown(fn: () => unknown): void }) {
  const faults = new FakeFaultRules();
  faults.addFromFile('file-1', 'Controller.Create delay(50ms)', 7);
  const started = await startInProcessDaemon(t, { faults });
  return { faults, ...started };
}

t.test('fault add (YAML, JSON, -f FILE) prints the new id; ls lists every rule', async (t) => {
  const { faults, socket, tmp } = await daemonWithFaults(t);
  t.equal(await ctlOk(socket, ['fault', 'add', 'method: Start\nerror: UNAVAILABLE']), 'r1\n');
  t.equal(await ctlOk(socket, ['fault', 'add', '{"method": "Kill"}']), 'r2\n');
  const file = path.join(tmp, 'rule.yaml');
  fs.writeFileSync(file, 'method: Delete\ndelay: 2s\n');
  t.equal(await ctlOk(socket, ['fault', 'add', '-f', file]), 'r3\n');
  t.equal(faults.list().length, 4, 'the daemon added them to the plan it was given');

  t.strictSame(tableRows(await ctlOk(socket, ['fault', 'ls'])), [
    ['ID', 'ORIGIN', 'HITS', 'RULE'],
    ['file-1', 'file', '7', 'Controller.Create delay(50ms)'],
    ['r1', 'runtime', '0', 'Start error(UNAVAILABLE)'],
    ['r2', 'runtime', '0', 'Kill error(UNAVAILABLE)'],
    ['r3', 'runtime', '0', 'Delete error(UNAVAILABLE)'],
  ]);
  const listed = JSON.parse(await ctlOk(socket, ['fault', 'ls', '-o', 'json'])) as { items: unknown[] };
  t.strictSame(listed.items[3], {
    id: 'r3',
    origin: 'runtime',
    description: 'Delete error(UNAVAILABLE)',
    rule: { method: 'Delete', delay: '2s' },
    hits: 0,
  });
  t.match(JSON.parse(await ctlOk(socket, ['fault', 'add', 'method: Wait', '-o', 'json'])), {
    id: 'r4',
    rule: { method: 'Wait' },
  });
});

t.test('fault rm and clear', async (t) => {
  const { faults, socket } = await daemonWithFaults(t);
  await ctlOk(socket, ['fault', 'add', 'method: Start']);
  t.equal(await ctlOk(socket, ['fault', 'rm', 'file-1']), 'Removed fault rule file-1\n');
  t.strictSame(
    faults.list().map((rule) => rule.id),
    ['r1'],
  );
  const unknown = await ctl(socket, ['fault', 'rm', 'file-1']);
  t.equal(unknown.code, 1);
  t.equal(unknown.stderr, 'resource-slot-ctl fault: NOT_FOUND: no fault rule has id "file-1"\n');
  await ctlOk(socket, ['fault', 'add', 'method: Kill']);
  t.equal(await ctlOk(socket, ['fault', 'clear']), 'Removed 2 fault rules\n');
  t.equal(await ctlOk(socket, ['fault', 'clear']), 'Removed 0 fault rules\n');
  t.strictSame(tableRows(await ctlOk(socket, ['fault', 'ls'])), [['ID', 'ORIGIN', 'HITS', 'RULE']]);
});

t.test("a rule the plan refuses: the daemon's INVALID_ARGUMENT, naming the field", async (t) => {
  const { socket, tmp } = await daemonWithFaults(t);
  const refused = await ctl(socket, ['fault', 'add', 'error: UNAVAILABLE']);
  t.equal(refused.code, 1);
  t.equal(refused.stderr, 'resource-slot-ctl fault: INVALID_ARGUMENT: rule.method: is required\n');
  const missing = await ctl(socket, ['fault', 'add', '-f', path.join(tmp, 'nope.yaml')]);
  t.equal(missing.code, 1);
  t.match(
    missing.stderr,
    /^resource-slot-ctl fault: INVALID_ARGUMENT: cannot read fault rule file .*nope\.yaml: ENOENT/,
  );
});

t.test('fault usage errors exit 2 with one line', async (t) => {
  const { socket } = await daemonWithFaults(t);
  const cases: Array<[string[], RegExp]> = [
    [['fault'], /usage: resource-slot-ctl fault add RULE \| add -f FILE \| ls \| rm ID \| clear/],
    [['fault', 'toggle'], /unknown fault subcommand "toggle"/],
    [['fault', 'add'], /fault add needs a RULE \(YAML or JSON\) or -f FILE/],
    [['fault', 'add', ' '], /fault add needs a RULE/],
    [['fault', 'add', 'method: Start', '-f', 'rule.yaml'], /a RULE or -f FILE, not both/],
    [['fault', 'rm'], /usage: fault add RULE/],
    [['fault', 'ls', 'extra'], /usage: fault add RULE/],
    [['fault', 'clear', 'all'], /usage: fault add RULE/],
    [['fault', 'ls', '-f', 'rule.yaml'], /-f FILE goes with fault add only/],
  ];
  for (const [args, message] of cases) {
    const result = await ctl(socket, args);
    t.equal(result.code, 2, `${args.join(' ')}: exit status 2`);
    t.match(result.stderr, message);
    t.equal(result.stderr.trimEnd().split('\n').length, 1, 'one line');
  }
});

t.test('fault against the daemon the command line starts: add, ls, rm', async (t) => {
  const daemon = await startDaemon(t);
  const added = await ctl(daemon.socket, [
    'fault',
    'add',
    '{name: slow-stats, methods: [Stats], delay: 5ms}',
  ]);
  t.equal(added.code, 0, added.stderr);
  const listed = await ctl(daemon.socket, ['fault', 'ls']);
  t.match(listed.stdout, /slow-stats/);
  t.equal((await ctl(daemon.socket, ['fault', 'rm', 'slow-stats'])).code, 0);
  t.notMatch((await ctl(daemon.socket, ['fault', 'ls'])).stdout, /slow-stats/);
  const gone = await ctl(daemon.socket, ['fault', 'rm', 'slow-stats']);
  t.equal(gone.code, 1);
  t.match(gone.stderr, /NOT_FOUND: no fault rule has id "slow-stats"/);
});
