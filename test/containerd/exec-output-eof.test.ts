/**
 * containerd's `crictl exec` waits for EOF on the exec's stdout/stderr FIFOs after the exit code (contract B4,
 * CRI drainExecSyncIO). src/containers/stdio.ts produces that EOF; these checks need no containerd.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import t, { type Test } from 'tap';
import { endOutput, outputPaths } from '../../src/containers/stdio.js';

const log = pino({ level: 'silent' });

function tempDir(t: Test): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-eof-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function fifo(dir: string, name: string): string {
  const file = path.join(dir, name);
  execFileSync('mkfifo', [file]);
  return file;
}

t.test('a reader blocked on the FIFO gets EOF', async (t) => {
  const dir = tempDir(t);
  const stdout = fifo(dir, 'stdout');
  const stderr = fifo(dir, 'stderr');
  // `cat` opens the FIFO for reading and blocks until a writer comes, as containerd's reader does.
  const readers = [stdout, stderr].map((file) => {
    const child = spawn('cat', [file], { stdio: ['ignore', 'pipe', 'inherit'] });
    t.teardown(() => child.kill('SIGKILL'));
    return new Promise<number | null>((resolve) => child.once('exit', resolve));
  });
  await endOutput([stdout, stderr], log, { giveUpAfterMs: 10_000, retryEveryMs: 10 });
  t.same(await Promise.all(readers), [0, 0], 'both readers saw EOF and exited');
});

t.test('without a reader it gives up after the bound, without blocking', async (t) => {
  const dir = tempDir(t);
  const lonely = fifo(dir, 'stdout');
  const started = Date.now();
  await endOutput([lonely], log, { giveUpAfterMs: 50, retryEveryMs: 10 });
  t.ok(Date.now() - started < 5_000, 'resolved');
});

t.test('regular files, missing paths and non-paths are left alone', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'log');
  fs.writeFileSync(file, 'kept');
  await endOutput([file, path.join(dir, 'missing')], log, { giveUpAfterMs: 50 });
  t.equal(fs.readFileSync(file, 'utf8'), 'kept');
  t.same(
    outputPaths({ stdout: '/run/x-stdout', stderr: '', stdin: '/run/x-stdin' }),
    ['/run/x-stdout'],
    'only stdout/stderr, only absolute paths',
  );
  t.same(outputPaths({ stdout: 'binary:///bin/logger', stderr: 3 }), []);
});
