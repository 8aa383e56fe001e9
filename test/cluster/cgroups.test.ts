import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import {
  cgroupDirsToMake,
  deepestFirst,
  makeCgroup,
  parseCgroupMounts,
  removeCgroups,
} from '../../src/cluster/cgroups.js';

const MOUNTINFO = [
  '25 30 0:22 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw,mode=755',
  '26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw',
  '27 25 0:24 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct',
  '28 25 0:25 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory',
  '29 25 0:25 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory',
  '30 25 0:26 / /mnt/with\\040space rw - cgroup cgroup rw,pids',
  '',
].join('\n');

t.test('cgroup mount points from mountinfo, v1 and v2, each once', async (t) => {
  t.same(parseCgroupMounts(MOUNTINFO), [
    '/mnt/with space',
    '/sys/fs/cgroup/cpu,cpuacct',
    '/sys/fs/cgroup/memory',
    '/sys/fs/cgroup/unified',
  ]);
});

t.test('dirs to make outermost first; removal deepest first', async (t) => {
  t.same(cgroupDirsToMake('/m', '/a/b'), ['/m/a', '/m/a/b']);
  t.same(deepestFirst(['/m/a', '/m/a/b/c', '/m/a/b', '/m/a/d']), ['/m/a/b/c', '/m/a/d', '/m/a/b', '/m/a']);
});

t.test('made in every hierarchy, recorded, and removed with what was made below', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-cgroups-'));
  t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
  const mounts = ['cpu', 'memory'].map((name) => path.join(root, name));
  for (const mount of mounts) fs.mkdirSync(mount);
  fs.mkdirSync(path.join(root, 'memory', 'parent'));
  const recorded: string[] = [];
  makeCgroup(mounts, '/parent/node-1', (dir) => recorded.push(dir));
  makeCgroup(mounts, '/parent/node-2', (dir) => recorded.push(dir));
  t.same(
    recorded.map((dir) => path.relative(root, dir)),
    ['cpu/parent', 'cpu/parent/node-1', 'memory/parent/node-1', 'cpu/parent/node-2', 'memory/parent/node-2'],
    'an existing directory is not ours',
  );
  // What a kubelet makes below its root.
  fs.mkdirSync(path.join(root, 'cpu/parent/node-1/kubepods/burstable/pod1'), { recursive: true });
  t.same(removeCgroups(recorded), []);
  t.same(fs.readdirSync(path.join(root, 'cpu')), []);
  t.same(fs.readdirSync(path.join(root, 'memory')), ['parent'], 'what was there before stays');
});
