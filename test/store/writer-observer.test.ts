import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { FS_CALLS } from '../../src/store/fs-calls.js';
import { GroupCommitWriter, type DiskImage } from '../../src/store/group-commit.js';
import type { SyncMode } from '../../src/store/sync-mode.js';
import type { WriterObserver } from '../../src/store/writer-observer.js';

const image = (dir: string): DiskImage => ({
  kind: 'write',
  dir,
  files: [{ name: 'resources.json', data: '{}' }],
  commit: { name: 'sandbox.json', data: '{}' },
});

/** Three sandboxes scheduled together, then one alone: what the observer was told. */
async function observe(t: Test, mode: SyncMode) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-observer-'));
  t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
  const batches: number[] = [];
  const fsyncs: number[] = [];
  const observer: WriterObserver = {
    batchWritten: (entries) => batches.push(entries),
    fsynced: (seconds) => fsyncs.push(seconds),
  };
  const writer = new GroupCommitWriter(mode, FS_CALLS.pooled, observer);
  const dirs = ['a', 'b', 'c'].map((name) => path.join(root, name));
  await Promise.all(dirs.map((dir) => writer.schedule(dir, () => image(dir))));
  await writer.schedule(dirs[0]!, () => image(dirs[0]!));
  return { batches, fsyncs };
}

t.test('the observer hears each batch with its size and each fsync with its time', async (t) => {
  const { batches, fsyncs } = await observe(t, 'batch');
  t.same(batches, [3, 1]);
  // First batch: three sandbox.json files, the three new directories and their parent; then one file and its
  // directory (the directory is known by then, so its parent is not touched again).
  t.equal(fsyncs.length, 3 + 4 + 2);
  t.ok(
    fsyncs.every((seconds) => seconds >= 0 && seconds < 60),
    'times are seconds',
  );
});

t.test('--sync none: batches are told, and there is no fsync to time', async (t) => {
  const { batches, fsyncs } = await observe(t, 'none');
  t.same(batches, [3, 1]);
  t.same(fsyncs, []);
});
