import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { InternalError } from '../../src/core/errors.js';
import { FS_CALLS, fsCallsFor, type FsCalls } from '../../src/store/fs-calls.js';
import { GroupCommitWriter, type DiskImage } from '../../src/store/group-commit.js';
import type { SyncMode } from '../../src/store/sync-mode.js';

function tempRoot(t: { teardown(fn: () => unknown): void }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-batch-'));
  t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
  return root;
}

/** Every file under `dir`, relative to it, sorted; directories end with a slash. */
function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => {
      const relative = path.relative(dir, path.join(entry.parentPath, entry.name));
      return entry.isDirectory() ? `${relative}/` : relative;
    })
    .sort();
}

function sandboxImage(dir: string, n: number, containers: string[] = []): DiskImage {
  return {
    kind: 'write',
    dir,
    files: [
      ...containers.map((id) => ({ name: `containers/${id}.json`, data: `{"c":"${id}","n":${n}}` })),
      { name: 'resources.json', data: `{"n":${n}}` },
    ],
    commit: { name: 'sandbox.json', data: `{"n":${n}}` },
  };
}

const removal = (dir: string): DiskImage => ({
  kind: 'remove',
  dir,
  files: ['sandbox.json', 'resources.json'],
});

const variants: Array<[SyncMode, FsCalls]> = [];
for (const mode of ['batch', 'always', 'none'] as const)
  for (const calls of [FS_CALLS.direct, FS_CALLS.pooled]) variants.push([mode, calls]);

for (const [mode, calls] of variants) {
  t.test(`--sync ${mode}, ${calls.kind} calls: write, rewrite, remove`, async (t) => {
    const root = tempRoot(t);
    const writer = new GroupCommitWriter(mode, calls);
    const dirs = ['a', 'b', 'c'].map((name) => path.join(root, name));
    await Promise.all(dirs.map((dir) => writer.schedule(dir, () => sandboxImage(dir, 1, ['c1']))));
    t.same(tree(dirs[0]!), ['containers/', 'containers/c1.json', 'resources.json', 'sandbox.json']);
    await Promise.all(dirs.map((dir) => writer.schedule(dir, () => sandboxImage(dir, 2))));
    for (const dir of dirs) {
      t.equal(fs.readFileSync(path.join(dir, 'sandbox.json'), 'utf8'), '{"n":2}');
      t.equal(fs.readFileSync(path.join(dir, 'resources.json'), 'utf8'), '{"n":2}');
    }
    t.equal(fs.readFileSync(path.join(dirs[0]!, 'containers/c1.json'), 'utf8'), '{"c":"c1","n":1}');
    t.equal((fs.statSync(path.join(dirs[0]!, 'sandbox.json')).mode & 0o777).toString(8), '600');
    t.equal((fs.statSync(dirs[0]!).mode & 0o777).toString(8), '700');

    await Promise.all([
      writer.schedule(dirs[0]!, () => removal(dirs[0]!)),
      writer.schedule(dirs[1]!, () => removal(dirs[1]!)),
    ]);
    t.same(tree(root), ['c/', 'c/containers/', 'c/containers/c1.json', 'c/resources.json', 'c/sandbox.json']);
  });
}

t.test('a removal also removes what it was not told about', async (t) => {
  const root = tempRoot(t);
  const writer = new GroupCommitWriter('batch', FS_CALLS.direct);
  const dir = path.join(root, 'sb');
  await writer.schedule(dir, () => sandboxImage(dir, 1, ['c1']));
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'left by someone');
  fs.writeFileSync(path.join(dir, 'containers', 'c2.json'), '{}');
  await writer.schedule(dir, () => removal(dir));
  t.notOk(fs.existsSync(dir), 'the directory is gone, unknown files and all');

  // A directory written before a restart: this writer has never seen it or its containers/.
  fs.mkdirSync(path.join(dir, 'containers'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'sandbox.json'), '{}');
  fs.writeFileSync(path.join(dir, 'containers', 'c1.json'), '{}');
  await new GroupCommitWriter('batch', FS_CALLS.pooled).schedule(dir, () => removal(dir));
  t.notOk(fs.existsSync(dir), 'a directory from before a restart is removed too');
});

t.test('a failed write rejects, names the path, and leaves the commit file whole', async (t) => {
  for (const calls of [FS_CALLS.direct, FS_CALLS.pooled]) {
    const root = tempRoot(t);
    const writer = new GroupCommitWriter('batch', calls);
    const dir = path.join(root, 'sb');
    await writer.schedule(dir, () => sandboxImage(dir, 1));
    // A directory where the file should be: the rename over it fails.
    fs.rmSync(path.join(dir, 'sandbox.json'));
    fs.mkdirSync(path.join(dir, 'sandbox.json', 'in-the-way'), { recursive: true });
    const failure = await writer.schedule(dir, () => sandboxImage(dir, 2)).catch((error: unknown) => error);
    t.type(failure, InternalError, `${calls.kind}: rejected as an internal error`);
    t.match((failure as Error).message, path.join(dir, 'sandbox.json'), 'the message names the file');
    t.same(
      tree(dir).filter((name) => name.endsWith('.tmp')),
      [],
      'no temp file is left behind',
    );
    t.ok(fs.existsSync(path.join(dir, 'sandbox.json', 'in-the-way')), 'nothing else was touched');

    const other = path.join(root, 'other');
    await writer.schedule(other, () => sandboxImage(other, 1));
    t.equal(fs.readFileSync(path.join(other, 'sandbox.json'), 'utf8'), '{"n":1}', 'later writes work');
  }
});

t.test('a symlink where a directory should be is refused, never followed', async (t) => {
  for (const calls of [FS_CALLS.direct, FS_CALLS.pooled]) {
    const root = tempRoot(t);
    const elsewhere = tempRoot(t);
    const dir = path.join(root, 'sb');
    fs.symlinkSync(elsewhere, dir);
    const failure = await new GroupCommitWriter('none', calls)
      .schedule(dir, () => sandboxImage(dir, 1))
      .catch((error: unknown) => error);
    t.type(failure, InternalError, `${calls.kind}: refused`);
    t.match((failure as Error).message, /not a directory/);
    t.same(tree(elsewhere), [], 'nothing was written through the symlink');
  }
});

t.test('the calls are chosen from the file system', async (t) => {
  t.equal(
    fsCallsFor(path.join(os.tmpdir(), 'does-not-exist', 'at-all')).kind,
    'pooled',
    'pooled when unsure',
  );
  const shm = '/dev/shm';
  const onTmpfs = fs.existsSync(shm) && fs.statfsSync(shm).type === 0x01021994;
  t.equal(fsCallsFor(shm).kind, onTmpfs ? 'direct' : 'pooled', 'direct on tmpfs');
});
