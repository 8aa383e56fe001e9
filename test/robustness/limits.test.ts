import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { credentials } from '@grpc/grpc-js';
import pino from 'pino';
import t from 'tap';
import { ControllerClient } from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { Daemon } from '../../src/daemon.js';
import { codeOf, startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, status } from '../helpers/requests.js';

const BIN = new URL('../../src/cli/bin/resource-slot-sandboxer.js', import.meta.url).pathname;

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-limits-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('--max-sandboxes: RESOURCE_EXHAUSTED beyond it, room again after a Shutdown', async (t) => {
  const daemon = await startDaemon(t, ['--max-sandboxes', '2']);
  const api = controllerCalls(daemon.controller);
  await api.create(createRequest('one'));
  await api.create(createRequest('two'));
  const refused = await api
    .create(createRequest('three'))
    .catch((error: { code: number; details: string }) => error);
  t.equal((refused as { code: number }).code, status.RESOURCE_EXHAUSTED);
  t.match((refused as { details: string }).details, /--max-sandboxes/);
  await api.shutdown('one');
  t.equal(await codeOf(api.create(createRequest('three'))), 0);
});

t.test('socket and state directory permissions', async (t) => {
  const daemon = await startDaemon(t, ['--socket-group', '4242']);
  const api = controllerCalls(daemon.controller);
  await api.create(createRequest('perm'));
  t.equal(fs.statSync(daemon.dir).mode & 0o777, 0o700, '--dir is 0700');
  t.equal(fs.statSync(path.join(daemon.dir, 'perm')).mode & 0o777, 0o700, 'sandbox dirs are 0700');
  t.equal(fs.statSync(path.join(daemon.dir, 'perm', 'sandbox.json')).mode & 0o777, 0o600, 'files are 0600');
  const socket = fs.statSync(daemon.socket);
  t.equal(socket.mode & 0o777, 0o660, 'socket is 0660');
  if (process.getuid?.() === 0) t.equal(socket.gid, 4242, 'socket group from --socket-group');
});

t.test('refuses a --dir that is a symlink or writable by others', async (t) => {
  const tmp = tempDir(t);
  const real = path.join(tmp, 'real');
  fs.mkdirSync(real);
  fs.symlinkSync(real, path.join(tmp, 'link'));
  const open = path.join(tmp, 'open');
  fs.mkdirSync(open);
  fs.chmodSync(open, 0o777);
  for (const [dir, reason] of [
    [path.join(tmp, 'link'), /is a symlink/],
    [open, /writable by others/],
  ] as const) {
    const result = spawnSync(process.execPath, [BIN, '--listen', path.join(tmp, 's.sock'), '--dir', dir], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    t.equal(result.status, 1, `refuses ${dir}`);
    t.match(result.stderr, reason);
    t.notOk(fs.existsSync(path.join(tmp, 's.sock')), 'and does not listen');
  }
});

t.test('10,000 cancelled Waits leave no waiter, listener or handle behind', async (t) => {
  const tmp = tempDir(t);
  const daemon = await Daemon.start({
    listen: path.join(tmp, 'c.sock'),
    taskListen: path.join(tmp, 't.sock'),
    dir: path.join(tmp, 'state'),
    log: pino({ level: 'silent' }),
  });
  t.teardown(() => daemon.stop());
  const client = new ControllerClient(`unix:${path.join(tmp, 'c.sock')}`, credentials.createInsecure());
  t.teardown(() => client.close());
  const api = controllerCalls(client);
  await api.create(createRequest('waited'));
  await api.start('waited');
  await api.status('waited');
  const baseline = process.getActiveResourcesInfo().length;
  for (let round = 0; round < 10; round++) {
    const calls = Array.from({ length: 1000 }, () =>
      client.wait({ sandboxId: 'waited', sandboxer: '' }, () => {}),
    );
    while (daemon.registries.sandboxes.pendingWaiters() < 1000)
      await new Promise((resolve) => setImmediate(resolve));
    for (const call of calls) call.cancel();
    while (daemon.registries.sandboxes.pendingWaiters() > 0)
      await new Promise((resolve) => setTimeout(resolve, 5));
  }
  t.equal(daemon.registries.sandboxes.pendingWaiters(), 0, 'no waiter left');
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.ok(
    process.getActiveResourcesInfo().length <= baseline + 2,
    `active handles back to baseline (${baseline} -> ${process.getActiveResourcesInfo().length})`,
  );
  await api.stop('waited');
  t.equal((await api.wait('waited')).exitStatus, 0, 'Wait still works afterwards');
});
