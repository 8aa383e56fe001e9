/**
 * The stdin drains with real FIFOs: a writer that blocks until a reader opens (as containerd's does) gets through,
 * and each way of closing (writer done, CloseIO/Delete, the bound after exit, the sandbox going) closes the read side.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import t, { type Test } from 'tap';
import { StdinDrains } from '../../src/containers/stdin.js';
import { until } from '../helpers/poll.js';

const log = pino({ level: 'silent' });
const owner = (containerId: string, execId = '', sandboxId = 'sb') => ({ sandboxId, containerId, execId });

function fifo(t: Test, name = 'stdin'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-stdin-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  execFileSync('mkfifo', [file]);
  return file;
}

/** A shell writer: its open of the FIFO blocks until a reader is there, like containerd's. */
function writer(t: Test, file: string, data: string): Promise<number | null> {
  const child = spawn('sh', ['-c', `printf '%s' "$1" > "$2"`, 'sh', data, file], { stdio: 'ignore' });
  t.teardown(() => child.kill('SIGKILL'));
  return new Promise((resolve) => child.once('exit', resolve));
}

t.test('a blocked writer gets through; the drain closes when the writer is done', async (t) => {
  const file = fifo(t);
  const drains = new StdinDrains(log);
  const wrote = writer(t, file, 'data\n'.repeat(10_000));
  await drains.open(owner('c1'), file);
  t.equal(await wrote, 0, 'the writer wrote everything and exited');
  t.ok(await until(() => drains.size === 0), 'EOF after the writer closed the drain');
});

t.test('a drain with no writer yet stays open until closed (CloseIO, Delete)', async (t) => {
  const file = fifo(t);
  const drains = new StdinDrains(log);
  await drains.open(owner('c1', 'e1'), file);
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(drains.size, 1, 'no writer ever came: still open, not taken for EOF');
  drains.close('c1', 'e1', 'CloseIO');
  t.equal(drains.size, 0);
  drains.close('c1', 'e1', 'again');
  t.equal(drains.size, 0, 'closing twice is harmless');
});

t.test('an exited process keeps its stdin open for the grace only', async (t) => {
  const file = fifo(t);
  const drains = new StdinDrains(log, { graceAfterExitMs: 50 });
  await drains.open(owner('c1'), file);
  drains.closeAfterExit('c1', '');
  t.equal(drains.size, 1, 'not closed at the instant of exit');
  // A writer that arrives after the exit, within the grace, is not left blocked.
  t.equal(await writer(t, file, 'late'), 0);
  t.ok(await until(() => drains.size === 0), 'closed once the grace ran out or the writer finished');
});

t.test('a container, a sandbox and the daemon close all their drains', async (t) => {
  const drains = new StdinDrains(log, { graceAfterExitMs: 20 });
  const files = [fifo(t, 'a'), fifo(t, 'b'), fifo(t, 'c'), fifo(t, 'd')];
  await drains.open(owner('c1'), files[0]);
  await drains.open(owner('c1', 'e1'), files[1]);
  await drains.open(owner('c2', '', 'other'), files[2]);
  await drains.open(owner('c3', '', 'third'), files[3]);
  drains.closeContainer('c1', 'deleted');
  t.equal(drains.size, 2, 'the container and its exec');
  drains.closeSandboxAfterExit('other');
  t.ok(await until(() => drains.size === 1), 'the stopped sandbox after the grace');
  drains.closeAll();
  t.equal(drains.size, 0);
});

t.test('only FIFOs at absolute paths are opened, never through a symlink', async (t) => {
  const file = fifo(t);
  const dir = path.dirname(file);
  const regular = path.join(dir, 'regular');
  fs.writeFileSync(regular, 'kept');
  const link = path.join(dir, 'link');
  fs.symlinkSync(file, link);
  const drains = new StdinDrains(log);
  for (const candidate of ['', 'stdin', 42, null, regular, path.join(dir, 'missing'), link]) {
    await drains.open(owner('c1'), candidate);
    t.equal(drains.size, 0, `not drained: ${String(candidate)}`);
  }
  t.equal(fs.readFileSync(regular, 'utf8'), 'kept');
});
