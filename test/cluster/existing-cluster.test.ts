import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { AlreadyExistsError } from '../../src/core/errors.js';
import { holdsOnlyLogs, refuseExistingCluster } from '../../src/cluster/existing-cluster.js';
import { clusterLayout } from '../../src/cluster/layout.js';
import { processStartTime } from '../../src/cluster/process-identity.js';
import { STATE_VERSION, writeState, type ClusterState } from '../../src/cluster/state.js';

function stateWith(dir: string, pid: number, startTime: number): ClusterState {
  return {
    version: STATE_VERSION,
    dir,
    createdAt: '2026-01-01T00:00:00.000Z',
    tools: '/tools',
    nodes: 1,
    podsPerNode: 110,
    kubeconfig: path.join(dir, 'kubeconfig'),
    apiserver: 'token',
    processes: [
      {
        name: 'etcd',
        pid,
        startTime,
        command: 'etcd',
        log: '/dev/null',
        health: { kind: 'socket', path: '/x' },
      },
    ],
    cgroups: [],
    createdDir: true,
  };
}

t.test('a recorded cluster is refused: running, or left by a crash', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-existing-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const layout = clusterLayout(dir, 1);
  t.doesNotThrow(() => refuseExistingCluster(layout), 'nothing recorded');
  writeState(layout.stateFile, stateWith(dir, process.pid, processStartTime(process.pid)!));
  t.throws(() => refuseExistingCluster(layout), {
    constructor: AlreadyExistsError,
    message: `a cluster is already up in ${dir} (1 of its processes run): \`resource-slot-cluster down --dir ${dir}\` first`,
  });
  writeState(layout.stateFile, stateWith(dir, process.pid, 1));
  t.throws(() => refuseExistingCluster(layout), {
    constructor: AlreadyExistsError,
    message:
      /holds a cluster that is no longer running: `resource-slot-cluster down --dir .*` removes what is left/,
  });
});

t.test('a dir holding only logs is what a failed up leaves', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-logs-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const layout = clusterLayout(dir, 1);
  t.notOk(holdsOnlyLogs(layout), 'empty');
  fs.mkdirSync(layout.logsDir);
  t.ok(holdsOnlyLogs(layout));
  fs.writeFileSync(path.join(dir, 'mine.txt'), '');
  t.notOk(holdsOnlyLogs(layout), 'something else is there');
});
