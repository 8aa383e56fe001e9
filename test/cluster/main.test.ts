import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { runCluster } from '../../src/cluster/main.js';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCluster(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

t.test('help, and usage errors exit 2 with one line', async (t) => {
  const help = await run('--help');
  t.equal(help.code, 0);
  t.match(help.stdout, /Usage: resource-slot-cluster <command>/);
  t.match(help.stdout, /test\/kubernetes\/install-tools\.sh/);
  const bad = await run('up', '--nodes', 'x');
  t.equal(bad.code, 2);
  t.equal(bad.stderr, 'resource-slot-cluster: --nodes: must be a whole number, got "x"\n');
});

t.test('without a cluster: kubeconfig and status say so, down has nothing to do', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-nocluster-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const kubeconfig = await run('kubeconfig', '--dir', dir);
  t.equal(kubeconfig.code, 1);
  t.match(kubeconfig.stderr, new RegExp(`no cluster in ${dir} \\(start one with`));
  t.equal((await run('status', '--dir', dir)).code, 1);
  const down = await run('down', '--dir', dir);
  t.equal(down.code, 0);
  t.match(down.stdout, /nothing to stop/);
});

t.test(
  'up with a tools dir that has nothing names the scripts',
  { skip: process.getuid?.() !== 0 && 'needs root' },
  async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-notools-'));
    t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
    const up = await run('up', '--dir', path.join(dir, 'c'), '--tools', dir);
    t.equal(up.code, 1);
    t.match(
      up.stderr,
      /missing in .*\/bin: etcd, kube-apiserver.*run test\/kubernetes\/install-tools\.sh; containerd, ctr, crictl: run test\/containerd\/install-tools\.sh/,
    );
    t.notOk(fs.existsSync(path.join(dir, 'c')), 'nothing made');
  },
);
