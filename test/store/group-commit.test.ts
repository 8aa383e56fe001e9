import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
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
