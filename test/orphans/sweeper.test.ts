// The orphan sweep in a real daemon (in process, real --dir), with an injected clock and timer, against a fake
// containerd: unstarted sandboxes go after the grace, and reconciliation removes what containerd does not know.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import pino from 'pino';
import t, { type Test } from 'tap';
import { Daemon, type DaemonConfig } from '../../src/daemon.js';
import { ControllerClient } from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { InspectClient, type ListOrphansResponse } from '../../src/generated/resourceslot/v1/inspect.js';
import { codeOf, sandboxDirs, unary } from '../helpers/daemon.js';
import { startFakeContainerd, type FakeContainerd } from '../helpers/fake-containerd.js';
import { controllerCalls, createRequest, status } from '../helpers/requests.js';

const T0 = Date.UTC(2026, 0, 1);
const GRACE = 5 * 60_000;
const INTERVAL = 60_000;

interface LogLine {
  level: number;
  msg: string;
  sandboxId?: string;
  [key: string]: unknown;
}
const WARN = 40;

async function startDaemon(
  t: Test,
  options: { dir?: string; containerd?: FakeContainerd; at?: number; graceMs?: number } = {},
) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-orphans-'));
  const dir = options.dir ?? path.join(tmp, 'state');
  const clock = { now: options.at ?? T0 };
  const lines: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  let timerMs: number | undefined;
  const config: DaemonConfig = {
    listen: path.join(tmp, 'c.sock'),
    taskListen: path.join(tmp, 't.sock'),
    dir,
    log,
    now: () => clock.now,
    orphanTimer: {
      every: (ms) => {
        timerMs = ms;
        return () => undefined;
      },
    },
    unstartedGraceMs: options.graceMs ?? GRACE,
    ...(options.containerd
      ? {
          reconcile: {
            containerdAddress: options.containerd.socket,
            intervalMs: INTERVAL,
            sandboxerName: 'resource-slot',
          },
        }
      : {}),
  };
  const daemon = await Daemon.start(config).catch((error: unknown) => {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  });
  const client = new ControllerClient(`unix:${config.listen}`, credentials.createInsecure());
  const inspect = new InspectClient(`unix:${config.listen}`, credentials.createInsecure());
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    client.close();
    inspect.close();
    await daemon.stop();
  };
  t.teardown(async () => {
    await stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const api = controllerCalls(client);
  return {
    daemon,
    dir,
    clock,
    api,
    stop,
    timerMs: () => timerMs,
    /** The sweep's own lines at warn and above (failed calls log at warn too). */
    warnings: () =>
      lines.filter((line) => line.level >= WARN && /^(Removed|Could not remove|containerd)/.test(line.msg)),
    lines,
    /** Advances the clock and runs one tick, as the timer would. */
    tickAt: async (at: number) => {
      clock.now = at;
      await daemon.orphans.tick();
    },
    ids: () => [...daemon.registries.sandboxes.ids()].sort(),
    listOrphans: () => unary<ListOrphansResponse>((done) => inspect.listOrphans({}, done)),
    create: (id: string, sandboxer = 'resource-slot') => {
      const request = createRequest(id);
      if (request.sandbox) request.sandbox.sandboxer = sandboxer;
      return api.create({ ...request, sandboxer });
    },
  };
}

t.test('an unstarted sandbox goes once the grace has passed, not before; a started one stays', async (t) => {
  const d = await startDaemon(t);
  t.equal(d.timerMs(), 30_000, 'one timer for the daemon, a quarter of the grace at most 30 s');
  await d.create('never-started');
  await d.create('started');
  await d.api.start('started');
  await d.create('stopped');
  await d.api.start('stopped');
  await d.api.stop('stopped');

  await d.tickAt(T0 + GRACE - 1);
  t.strictSame(d.ids(), ['never-started', 'started', 'stopped'], '1 ms before the grace: nothing removed');
  t.strictSame(d.warnings(), []);

  await d.tickAt(T0 + GRACE);
  t.strictSame(d.ids(), ['started', 'stopped'], 'at the grace: the unstarted sandbox is gone');
  t.strictSame(sandboxDirs(d.dir).sort(), ['started', 'stopped'], 'and its directory');
  t.equal(await codeOf(d.api.status('never-started')), status.NOT_FOUND, 'Status: NOT_FOUND');
  t.match(d.warnings(), [
    {
      sandboxId: 'never-started',
      state: 'created',
      ageMs: GRACE,
      graceMs: GRACE,
      msg: 'Removed a sandbox that was created but never started within --unstarted-grace',
    },
  ]);
  t.equal(d.warnings().length, 1, 'one warning');

  await d.tickAt(T0 + 10 * GRACE);
  t.strictSame(d.ids(), ['started', 'stopped'], 'started sandboxes stay however old');
});

t.test(
  'a sandbox recovered from --dir still created and past its grace goes at the first sweep',
  async (t) => {
    const first = await startDaemon(t);
    await first.create('recovered-unstarted');
    await first.create('recovered-running');
    await first.api.start('recovered-running');
    await first.stop();

    // The first tick runs as the daemon starts serving; its own createdAt counts, not the restart time.
    const second = await startDaemon(t, { dir: first.dir, at: T0 + GRACE + 1 });
    await second.daemon.orphans.tick();
    t.strictSame(second.ids(), ['recovered-running']);
    t.match(second.warnings(), [{ sandboxId: 'recovered-unstarted', msg: /never started/ }]);
  },
);

t.test('reconcile: unknown and old goes; known, young and other sandboxers stay', async (t) => {
  const containerd = await startFakeContainerd(t, {
    records: { 'k8s.io': ['known-old', 'known-unstarted'], default: ['known-elsewhere'] },
  });
  const d = await startDaemon(t, { containerd });
  t.equal(d.timerMs(), 30_000);
  for (const id of ['known-old', 'known-elsewhere', 'unknown-old', 'unknown-stopped']) {
    await d.create(id);
    await d.api.start(id);
  }
  await d.api.stop('unknown-stopped');
  await d.create('known-unstarted');
  await d.create('unknown-unstarted');
  await d.create('ctl-pod', 'resource-slot-ctl');
  await d.api.start('ctl-pod');
  d.clock.now = T0 + GRACE;
  await d.create('unknown-young');
  await d.api.start('unknown-young');

  const listed = await d.listOrphans();
  t.equal(listed.containerdAddress, containerd.socket);
  t.equal(listed.graceMillis, GRACE);
  t.strictSame(
    listed.orphans.map((orphan) => [orphan.id, orphan.state, orphan.pastGrace]).sort(),
    [
      ['unknown-old', 'running', true],
      ['unknown-stopped', 'stopped', true],
      ['unknown-unstarted', 'created', true],
      ['unknown-young', 'running', false],
    ],
    'ListOrphans: what containerd does not know, among our sandboxer name; nothing removed by asking',
  );
  t.match(
    listed.orphans.find((orphan) => orphan.id === 'unknown-old'),
    { name: 'pod', namespace: 'default' },
  );
  t.equal(d.ids().length, 8, 'asking removed nothing');

  await d.tickAt(T0 + GRACE + 1);
  t.strictSame(d.ids(), ['ctl-pod', 'known-elsewhere', 'known-old', 'known-unstarted', 'unknown-young']);
  t.strictSame(
    d
      .warnings()
      .map((line) => [line.sandboxId, line.msg])
      .sort(),
    [
      ['unknown-old', 'Removed a sandbox containerd does not know (an orphan)'],
      ['unknown-stopped', 'Removed a sandbox containerd does not know (an orphan)'],
      ['unknown-unstarted', 'Removed a sandbox containerd does not know (an orphan)'],
    ],
  );
  t.ok(
    containerd.storeLists.some((call) => call.namespace === 'default'),
    'every namespace is asked',
  );

  const asked = containerd.storeLists.length;
  await d.tickAt(T0 + GRACE + 20_000);
  t.equal(
    containerd.storeLists.length,
    asked,
    '20 s later the reconcile is not due: containerd is not asked',
  );
  await d.tickAt(T0 + 2 * GRACE);
  t.ok(containerd.storeLists.length > asked, 'a reconcile interval later it is');
  t.strictSame(
    d.ids(),
    ['ctl-pod', 'known-elsewhere', 'known-old', 'known-unstarted'],
    'the young orphan has reached the grace and goes; an unstarted sandbox containerd knows still waits for it',
  );
});

t.test(
  'an unreachable containerd: logged once, nothing removed, reconciling again once it answers',
  async (t) => {
    const containerd = await startFakeContainerd(t, { records: { 'k8s.io': [] } });
    await containerd.stop();
    const d = await startDaemon(t, { containerd });
    await d.create('unknown-old');
    await d.api.start('unknown-old');
    const outages = () => d.warnings().filter((line) => /containerd does not answer/.test(line.msg));

    let at = T0 + GRACE;
    for (let i = 0; i < 3; i++) {
      await d.tickAt((at += INTERVAL));
    }
    t.strictSame(d.ids(), ['unknown-old'], 'nothing is removed while containerd does not answer');
    t.equal(outages().length, 1, 'the outage is logged once, not at every reconcile');
    t.match(outages()[0], { containerdAddress: containerd.socket, err: /ENOENT|connect|No connection/ });
    t.equal(await codeOf(d.listOrphans()), status.UNAVAILABLE, 'ListOrphans: UNAVAILABLE');

    await containerd.start();
    const deadline = Date.now() + 20_000;
    while (d.ids().length > 0 && Date.now() < deadline) {
      await d.tickAt((at += INTERVAL));
      if (d.ids().length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    t.strictSame(d.ids(), [], 'once containerd answers, the orphan goes');
    t.match(
      d.lines.find((line) => /answers again/.test(line.msg)),
      { containerdAddress: containerd.socket },
    );
    t.equal(outages().length, 1, 'still one outage line');
  },
);

t.test('ListOrphans without --containerd-address: FAILED_PRECONDITION', async (t) => {
  const d = await startDaemon(t);
  t.equal(await codeOf(d.listOrphans()), status.FAILED_PRECONDITION);
});

t.test('a grace of 0 turns the unstarted sweep off, and reconciling cannot do without one', async (t) => {
  const d = await startDaemon(t, { graceMs: 0 });
  t.equal(d.timerMs(), undefined, 'nothing to sweep: no timer');
  await d.create('kept');
  await d.tickAt(T0 + 1000 * GRACE);
  t.strictSame(d.ids(), ['kept']);
  const containerd = await startFakeContainerd(t);
  await t.rejects(startDaemon(t, { graceMs: 0, containerd }), /reconciling with containerd needs a grace/);
});
