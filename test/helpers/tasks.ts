import fs from 'node:fs';
import path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import {
  TaskClient,
  type ConnectResponse,
  type CreateTaskResponse,
  type DeleteResponse,
  type PidsResponse,
  type StartResponse,
  type StateResponse,
  type StatsResponse,
  type WaitResponse,
} from '../../src/generated/containerd/runtime/task/v3/shim.js';
import type { Empty } from '../../src/generated/google/protobuf/empty.js';
import { unary } from './daemon.js';

const FIXTURE = path.resolve(
  import.meta.dirname,
  '../../../shared/reference/fixtures/oci-runc-spec-default.json',
);

/** A bundle as containerd lays it out: config.json (the OCI spec) with CRI's annotations. */
export function writeBundle(
  root: string,
  containerId: string,
  sandboxId: string,
  resources: object = {},
  containerName = containerId,
): string {
  const bundle = path.join(root, 'bundles', containerId);
  fs.mkdirSync(bundle, { recursive: true });
  const spec = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as {
    annotations?: object;
    linux: { resources?: object };
  };
  spec.annotations = {
    'io.kubernetes.cri.container-type': 'container',
    'io.kubernetes.cri.sandbox-id': sandboxId,
    'io.kubernetes.cri.container-name': containerName,
    'io.kubernetes.cri.image-name': 'docker.io/library/busybox:latest',
  };
  spec.linux.resources = { ...spec.linux.resources, ...resources };
  fs.writeFileSync(path.join(bundle, 'config.json'), JSON.stringify(spec));
  return bundle;
}

/** containerd dials `grpc+<path>` as a bare unix path. */
export function taskClient(address: string): TaskClient {
  if (!address.startsWith('grpc+/')) throw new Error(`unexpected task address ${address}`);
  return new TaskClient(`unix:${address.slice('grpc+'.length)}`, credentials.createInsecure());
}

export function taskCalls(client: TaskClient) {
  return {
    create: (id: string, bundle: string) =>
      unary<CreateTaskResponse>((done) =>
        client.create(
          {
            id,
            bundle,
            rootfs: [],
            terminal: false,
            stdin: '',
            stdout: '',
            stderr: '',
            checkpoint: '',
            parentCheckpoint: '',
          },
          done,
        ),
      ),
    start: (id: string, execId = '') => unary<StartResponse>((done) => client.start({ id, execId }, done)),
    state: (id: string, execId = '') => unary<StateResponse>((done) => client.state({ id, execId }, done)),
    wait: (id: string, execId = '') => unary<WaitResponse>((done) => client.wait({ id, execId }, done)),
    kill: (id: string, signal: number, execId = '') =>
      unary<Empty>((done) => client.kill({ id, execId, signal, all: false }, done)),
    delete: (id: string, execId = '') => unary<DeleteResponse>((done) => client.delete({ id, execId }, done)),
    pause: (id: string) => unary<Empty>((done) => client.pause({ id }, done)),
    resume: (id: string) => unary<Empty>((done) => client.resume({ id }, done)),
    pids: (id: string) => unary<PidsResponse>((done) => client.pids({ id }, done)),
    stats: (id: string) => unary<StatsResponse>((done) => client.stats({ id }, done)),
    connect: (id: string) => unary<ConnectResponse>((done) => client.connect({ id }, done)),
    shutdown: (id: string) => unary<Empty>((done) => client.shutdown({ id, now: false }, done)),
    exec: (id: string, execId: string) =>
      unary<Empty>((done) =>
        client.exec(
          {
            id,
            execId,
            terminal: false,
            stdin: '',
            stdout: '',
            stderr: '',
            spec: {
              typeUrl: 'types.containerd.io/opencontainers/runtime-spec/1/Process',
              value: Buffer.from('{"args":["ls"]}'),
            },
          },
          done,
        ),
      ),
    update: (id: string, resources: object) =>
      unary<Empty>((done) =>
        client.update(
          {
            id,
            resources: {
              typeUrl: 'types.containerd.io/opencontainers/runtime-spec/1/LinuxResources',
              value: Buffer.from(JSON.stringify(resources)),
            },
            annotations: {},
          },
          done,
        ),
      ),
  };
}
