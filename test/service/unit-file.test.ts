/**
 * The shipped unit (service/kuasar-resource-slot.service): what its start-up ordering rests on, and `systemd-analyze
 * verify` on it. verify checks that ExecStart's program exists, and the unit names the install paths of its header
 * (/usr/bin/node, /opt/resource-slot), so it verifies a copy with those two moved onto this node and this checkout;
 * nothing else changes. .ci/run installs systemd (which provides systemd-analyze) when it is missing; outside CI the
 * test is skipped with a reason then.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { parseDaemonArgs } from '../../src/cli/args.js';
import {
  CHECKOUT,
  execStart,
  relocatedUnit,
  UNIT_CHECKOUT,
  UNIT_NAME,
  UNIT_NODE,
  unitSection,
  unitText,
} from './unit.js';

const text = unitText();

t.test('the unit waits for readiness and orders containerd after it', async (t) => {
  const unit = unitSection(text, 'Unit');
  const service = unitSection(text, 'Service');
  const install = unitSection(text, 'Install');
  t.same(service.get('Type'), ['notify'], 'Type=notify: started means READY=1 was heard');
  t.same(service.get('NotifyAccess'), ['all'], 'READY=1 comes from systemd-notify, a child of the daemon');
  t.ok(
    unit.get('Before')?.join(' ').split(/\s+/).includes('containerd.service'),
    'Before=containerd.service',
  );
  const wantedBy = install.get('WantedBy')?.join(' ').split(/\s+/) ?? [];
  t.ok(wantedBy.includes('multi-user.target'), 'started at boot');
  t.ok(wantedBy.includes('containerd.service'), 'pulled in by containerd');
  t.same(service.get('Restart'), ['on-failure']);
  t.same(service.get('KillMode'), ['process'], 'a restart leaves the task relay running');
});

t.test("ExecStart runs the daemon's bin with flags the daemon accepts, the relay on", async (t) => {
  const [node, bin, ...flags] = execStart(text);
  t.equal(node, UNIT_NODE);
  t.equal(bin, `${UNIT_CHECKOUT}/src/cli/bin/resource-slot-sandboxer.js`);
  t.ok(
    fs.existsSync(path.join(CHECKOUT, 'src/cli/bin/resource-slot-sandboxer.js')),
    'that bin is in the checkout',
  );
  const parsed = parseDaemonArgs(flags, '/');
  if (parsed.kind !== 'run') throw new Error(`the unit's flags do not parse: ${JSON.stringify(parsed)}`);
  t.same(parsed.options.taskRelay, { graceSeconds: 300 }, '--task-relay on');
  t.equal(parsed.options.listen, '/run/resource-slot-sandboxer.sock', "containerd's proxy_plugins address");
  t.equal(parsed.options.taskListen, '/var/lib/kuasar-resource-slot/task.sock');
});

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const missing = analyze.error ? 'systemd-analyze is not installed (apt-get install systemd)' : undefined;
if (missing && process.env.CI === 'true') {
  t.fail(`${missing}; .ci/run should have installed it`);
} else {
  t.test('systemd-analyze verify finds nothing to say', { skip: missing }, async (t) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-unit-'));
    t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const copy = path.join(tmp, UNIT_NAME);
    fs.writeFileSync(copy, relocatedUnit(text, { node: process.execPath, checkout: CHECKOUT }));
    const result = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8', timeout: 60_000 });
    const said = `${result.stdout}${result.stderr}`.trim();
    t.equal(result.status, 0, `systemd-analyze verify exits 0: ${said}`);
    // verify also reports on units it loads for ours (local-fs.target, ...); anything about ours is a finding.
    const aboutOurs = said.split('\n').filter((line) => line.includes(UNIT_NAME) || line.includes(tmp));
    t.same(aboutOurs, [], 'and says nothing about this unit');
  });

  t.test('the same verify catches an ExecStart whose program is missing', { skip: missing }, async (t) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-unit-'));
    t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const copy = path.join(tmp, UNIT_NAME);
    const broken = relocatedUnit(text, { node: path.join(tmp, 'no-such-node'), checkout: CHECKOUT });
    fs.writeFileSync(copy, broken);
    const result = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8', timeout: 60_000 });
    t.not(result.status, 0, 'so the passing verify above did check the program');
    t.match(result.stderr, 'no-such-node');
  });
}
