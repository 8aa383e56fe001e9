import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import {
  ControllerService,
  type ControllerServer,
} from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';

/**
 * A stand-in sandboxer that is right about everything except two things: Wait answers at once instead of blocking,
 * and Status says "running" instead of SANDBOX_READY/SANDBOX_NOTREADY. It serves no task API.
 */
export interface BrokenController {
  socket: string;
  /** The sandboxes it still holds (the runner must leave none behind). */
  sandboxes: Map<string, 'created' | 'running' | 'stopped'>;
}

type Handler<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

const notFound = (id: string) => ({ code: status.NOT_FOUND, details: `sandbox ${id} not found` });

export async function startBrokenController(t: {
  teardown(fn: () => unknown): void;
}): Promise<BrokenController> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-broken-'));
  const socket = path.join(tmp, 'broken.sock');
  const sandboxes = new Map<string, 'created' | 'running' | 'stopped'>();
  /** Answers for a known sandbox, NOT_FOUND for an unknown one. */
  const known =
    <Req extends { sandboxId: string }, Res>(answer: (id: string) => Res): Handler<Req, Res> =>
    (call, callback) => {
      const id = call.request.sandboxId;
      if (!sandboxes.has(id)) return callback(notFound(id), null);
      callback(null, answer(id));
    };
  const service: ControllerServer = {
    create: (call, callback) => {
      sandboxes.set(call.request.sandboxId, 'created');
      callback(null, { sandboxId: call.request.sandboxId });
    },
    start: (call, callback) => {
      const id = call.request.sandboxId;
      const state = sandboxes.get(id);
      if (!state) return callback(notFound(id), null);
      if (state !== 'created')
        return callback({ code: status.FAILED_PRECONDITION, details: `${id} is ${state}` });
      sandboxes.set(id, 'running');
      callback(null, { sandboxId: id, pid: 4242, labels: {}, address: '', version: 0 });
    },
    platform: known(() => ({
      platform: { os: 'linux', architecture: 'amd64', variant: '', osVersion: '', osFeatures: [] },
    })),
    stop: (call, callback) => {
      if (sandboxes.has(call.request.sandboxId)) sandboxes.set(call.request.sandboxId, 'stopped');
      callback(null, {});
    },
    wait: known(() => ({ exitStatus: 0 })), // broken: answers at once
    status: known((id) => ({
      sandboxId: id,
      pid: 4242,
      state: 'running',
      info: {},
      address: '',
      version: 0,
    })), // broken
    shutdown: (call, callback) => {
      sandboxes.delete(call.request.sandboxId);
      callback(null, {});
    },
    metrics: (_call, callback) => callback({ code: status.UNIMPLEMENTED, details: 'no metrics' }),
    update: known(() => ({})),
  };
  const server = new Server();
  server.addService(ControllerService, service);
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${socket}`, ServerCredentials.createInsecure(), (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  t.teardown(async () => {
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return { socket, sandboxes };
}
