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
  const restart = await run('restart', 'node-1/kubelet', '--dir', dir);
  t.equal(restart.code, 1);
  t.match(restart.stderr, /no cluster in/);
});

t.test('restart names only the processes of the recorded nodes', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-restart-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const state = {
    version: 1,
    dir,
    kubeconfig: path.join(dir, 'kubeconfig'),
    nodes: 2,
    processes: [],
    cgroups: [],
  };
  fs.writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(state));
  for (const name of ['node-3/kubelet', 'node-1/etcd', 'kube-apiserver']) {
    const restart = await run('restart', name, '--dir', dir);
    t.equal(restart.code, 2, name);
    t.match(
      restart.stderr,
      /is not a node process of this cluster \(node-1\.\.node-2 \/ resource-slot, containerd, kubelet, task-relay\)/,
    );
  }
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
