import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { FS_CALLS, type FsCalls } from '../../src/store/fs-calls.js';
import { GroupCommitWriter } from '../../src/store/group-commit.js';

t.test('a removed directory and its subdirectories are created again on the next write', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-store-'));
  t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
  const writer = new GroupCommitWriter('batch');
  const dir = path.join(root, 'sb');
  const write = () =>
    writer.schedule('sb', () => ({
      kind: 'write',
      dir,
      files: [{ name: 'containers/c1.json', data: '{}' }],
      commit: { name: 'sandbox.json', data: '{"n":1}' },
    }));
  await write();
  t.ok(fs.existsSync(path.join(dir, 'containers', 'c1.json')));
  await writer.schedule('sb', () => ({ kind: 'remove', dir }));
  t.notOk(fs.existsSync(dir), 'removed');
  await write();
  t.ok(fs.existsSync(path.join(dir, 'containers', 'c1.json')), 'containers/ made again after the removal');
  t.equal(fs.readFileSync(path.join(dir, 'sandbox.json'), 'utf8'), '{"n":1}');
});

t.test(
  'directories are made once per sandbox, forgotten on request, and removed without a tree walk',
  async (t) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-store-'));
    t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
    const made: string[] = [];
    let treeRemovals = 0;
    const calls: FsCalls = {
      ...FS_CALLS.direct,
      mkdir: (dir, mode) => {
        made.push(path.relative(root, dir));
        return FS_CALLS.direct.mkdir(dir, mode);
      },
      removeTree: (target) => {
        treeRemovals++;
        return FS_CALLS.direct.removeTree(target);
      },
    };
    const writer = new GroupCommitWriter('none', calls);
    const dir = path.join(root, 'sb');
    const write = (n: number) =>
      writer.schedule('sb', () => ({
        kind: 'write',
        dir,
        files: [{ name: 'containers/c1.json', data: `{"n":${n}}` }],
        commit: { name: 'sandbox.json', data: `{"n":${n}}` },
      }));
    await write(1);
    await write(2);
    t.same(made, ['sb', 'sb/containers'], 'each directory made once');
    writer.forget('sb');
    await write(3);
    t.same(made.slice(2), ['sb', 'sb/containers'], 'made again (they exist: no harm) after forget');
    await writer.schedule('sb', () => ({
      kind: 'remove',
      dir,
      files: ['sandbox.json', 'containers/c1.json'],
    }));
    t.notOk(fs.existsSync(dir), 'removed');
    t.equal(treeRemovals, 0, 'the known containers/ was removed directly');
    await write(4);
    t.same(made.slice(4), ['sb', 'sb/containers'], 'made again after the removal');
  },
);
