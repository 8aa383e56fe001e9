import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { FailedPreconditionError } from '../../src/core/errors.js';
import {
  parseState,
  readState,
  STATE_VERSION,
  writeState,
  type ClusterState,
} from '../../src/cluster/state.js';

const state: ClusterState = {
  version: STATE_VERSION,
  dir: '/c',
  createdAt: '2026-01-01T00:00:00.000Z',
  tools: '/tools',
  nodes: 1,
  podsPerNode: 110,
  kubeconfig: '/c/kubeconfig',
  apiserver: 'token',
  processes: [
    {
      name: 'etcd',
      pid: 42,
      startTime: 1234,
      command: '/tools/bin/etcd',
      log: '/c/logs/etcd.log',
      health: { kind: 'http', url: 'http://127.0.0.1:12379/health' },
    },
  ],
  cgroups: ['/sys/fs/cgroup/memory/resource-slot-cluster'],
  createdDir: true,
};

t.test('written atomically and read back', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-state-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'cluster.json');
  t.equal(readState(file), undefined, 'no file: no cluster');
  writeState(file, state);
  t.same(readState(file), state);
  t.same(fs.readdirSync(dir), ['cluster.json'], 'no temp file left');
  fs.writeFileSync(file, '{"version": 1}');
  t.throws(() => readState(file), {
    constructor: FailedPreconditionError,
    message: /not a resource-slot-cluster state file/,
  });
});

t.test('anything else is not a state', async (t) => {
  t.equal(parseState('not json'), undefined);
  t.equal(parseState(JSON.stringify({ ...state, version: 2 })), undefined);
  t.equal(parseState(JSON.stringify({ ...state, processes: [{ name: 'x', pid: -1 }] })), undefined);
  t.equal(parseState(JSON.stringify({ ...state, cgroups: [1] })), undefined);
});
