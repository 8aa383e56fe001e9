import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { codeOf, readJson, sandboxDirs, startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, status } from '../helpers/requests.js';

type Teardown = Parameters<typeof startDaemon>[0];

const isRoot = process.getuid?.() === 0;

/** A small tmpfs as --dir: the only honest way to make the disk really full or really read-only. */
function smallDisk(): { state: string; unmount: () => void } {
  const mountParent = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-fault-'));
  const state = path.join(mountParent, 'state');
  fs.mkdirSync(state, { mode: 0o700 });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', state]);
  return {
    state,
    unmount: () => {
      execFileSync('umount', [state]);
      fs.rmSync(mountParent, { recursive: true, force: true });
    },
  };
}

/** Starts the daemon with --dir on a small tmpfs; the teardown stops the daemon before unmounting. */
async function daemonOnSmallDisk(t: Teardown) {
  const { state, unmount } = smallDisk();
  const daemon = await startDaemon(t, [], undefined, state).catch((error: unknown) => {
    unmount();
    throw error;
  });
  t.teardown(async () => {
    await daemon.stop('SIGKILL');
    unmount();
  });
  return { daemon, state };
}

function fill(dir: string): string {
  const filler = path.join(dir, 'filler');
  const chunk = Buffer.alloc(64 * 1024, 1);
  const fd = fs.openSync(filler, 'w');
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

type Failure = { code: number; details: string };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: Failure) => error,
  );

t.test(
  'disk full: calls fail with RESOURCE_EXHAUSTED naming the path, state stays, and recovers',
  { skip: !isRoot && 'needs root to mount a tmpfs' },
  async (t) => {
    const { daemon, state } = await daemonOnSmallDisk(t);
    const api = controllerCalls(daemon.controller);
    await api.create(createRequest('full-1'));
    await api.start('full-1');
    const filler = fill(state);

    const create = await failure(api.create(createRequest('full-2')));
    t.equal(create?.code, status.RESOURCE_EXHAUSTED, 'Create on a full disk');
    t.match(create?.details, state, 'the message names the path');
    t.same(sandboxDirs(state), ['full-1'], 'the failed Create left nothing behind');
    t.equal(await codeOf(api.status('full-2')), status.NOT_FOUND, 'and the sandbox does not exist');

    const stop = await failure(api.stop('full-1'));
    t.equal(stop?.code, status.RESOURCE_EXHAUSTED, 'Stop on a full disk');
    t.equal((await api.status('full-1')).state, 'SANDBOX_READY', 'the actor stays in its previous state');
    t.equal((readJson(path.join(state, 'full-1', 'sandbox.json')) as { state: string }).state, 'running');

    fs.rmSync(filler);
    await api.stop('full-1');
    t.equal((await api.status('full-1')).state, 'SANDBOX_NOTREADY', 'Stop works once space returns');
    await api.create(createRequest('full-2'));
    t.same(sandboxDirs(state).sort(), ['full-1', 'full-2'], 'and so does Create');
    t.match(daemon.logs(), /"msg":"Write failed; rolled back to the durable state"/);
  },
);

t.test(
  'read-only --dir: calls fail with INTERNAL naming the path, state stays, and recovers',
  { skip: !isRoot && 'needs root to mount a tmpfs' },
  async (t) => {
    const { daemon, state } = await daemonOnSmallDisk(t);
    const api = controllerCalls(daemon.controller);
    await api.create(createRequest('ro-1'));
    execFileSync('mount', ['-o', 'remount,ro', state]);
    const start = await failure(api.start('ro-1'));
    t.equal(start?.code, status.INTERNAL);
    t.match(start?.details, /read-only/);
    t.match(start?.details, state, 'the message names the path');
    const current = await api.status('ro-1');
    t.equal(current.state, 'SANDBOX_NOTREADY', 'still created');
    t.equal(current.pid, 0);
    execFileSync('mount', ['-o', 'remount,rw', state]);
    const started = await api.start('ro-1');
    t.ok(started.pid > 0, 'Start works once the disk is writable again');
    t.equal((await api.status('ro-1')).state, 'SANDBOX_READY');
  },
);
