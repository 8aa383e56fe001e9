/**
 * The baseline: a bare @grpc/grpc-js server from the same generated service definitions as the daemon, answering the
 * benchmark's calls with canned responses (no actors, no disk, no validation). Run as a child process:
 * `bare-server.ts <controller socket> <task socket> [<stats metrics, base64> [<pod metrics, base64>]]`; it binds
 * both, says "ready" over IPC and serves until killed. Task Stats answers one fixed, pre-encoded cgroup v2 Metrics:
 * the bytes given (the Stats figure passes what our daemon answered, so both answers are the same size), or a typical
 * sample; Controller Metrics answers the pod's bytes given, or the same as Stats.
 */
import fs from 'node:fs';
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import {
  ControllerService,
  type ControllerServer,
} from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { Metrics } from '../../src/generated/cgroups/v2/metrics.js';
import { TaskService, type TaskServer } from '../../src/generated/containerd/runtime/task/v3/shim.js';
import type { Any } from '../../src/generated/google/protobuf/any.js';
import { CGROUP_V2_METRICS_TYPE_URL } from '../../src/stats/cgroup-metrics.js';
import { MAX_RECEIVE_MESSAGE_BYTES } from '../../src/transport/limits.js';

const [controllerSocket, taskSocket, statsBase64, podMetricsBase64] = process.argv.slice(2);
if (!controllerSocket || !taskSocket)
  throw new Error(
    'usage: bare-server.ts <controller socket> <task socket> [<stats metrics, base64> [<pod metrics, base64>]]',
  );

/** A container at 100m for an hour with 64 MiB of 256 MiB, when no bytes are given. */
const TYPICAL_METRICS = Metrics.fromPartial({
  pids: { current: 1, limit: 0 },
  cpu: { usageUsec: 360_000_000, userUsec: 288_000_000, systemUsec: 72_000_000, nrPeriods: 36_000 },
  memory: { usage: 64 << 20, usageLimit: 256 << 20, anon: 48 << 20, file: 16 << 20, inactiveFile: 8 << 20 },
});
const statsAny: Any = {
  typeUrl: CGROUP_V2_METRICS_TYPE_URL,
  value: statsBase64
    ? Buffer.from(statsBase64, 'base64')
    : Buffer.from(Metrics.encode(TYPICAL_METRICS).finish()),
};

const podMetricsAny: Any = podMetricsBase64
  ? { typeUrl: CGROUP_V2_METRICS_TYPE_URL, value: Buffer.from(podMetricsBase64, 'base64') }
  : statsAny;

const now = () => {
  const ms = Date.now();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
};

/** A unary handler answering `response(request)` at once. */
function canned<Req, Res>(response: (request: Req) => Res) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void =>
    callback(null, response(call.request));
}

const address = `grpc+${taskSocket}`;
const controller: Pick<
  ControllerServer,
  'create' | 'start' | 'status' | 'stop' | 'wait' | 'shutdown' | 'metrics'
> = {
  create: canned((request) => ({ sandboxId: request.sandboxId })),
  start: canned((request) => ({
    sandboxId: request.sandboxId,
    pid: 4242,
    createdAt: now(),
    labels: { name: 'pod' },
    address,
    version: 3,
    spec: undefined,
  })),
  status: canned((request) => ({
    sandboxId: request.sandboxId,
    pid: 4242,
    state: 'SANDBOX_READY',
    info: {},
    createdAt: now(),
    exitedAt: undefined,
    extra: undefined,
    address,
    version: 3,
  })),
  stop: canned(() => ({})),
  wait: canned(() => ({ exitStatus: 0, exitedAt: now() })),
  shutdown: canned(() => ({})),
  metrics: canned((request) => ({
    metrics: { timestamp: now(), id: request.sandboxId, data: podMetricsAny },
  })),
};
const task: Pick<TaskServer, 'create' | 'start' | 'wait' | 'kill' | 'delete' | 'stats'> = {
  create: canned(() => ({ pid: 4243 })),
  start: canned(() => ({ pid: 4243 })),
  wait: canned(() => ({ exitStatus: 137, exitedAt: now() })),
  kill: canned(() => ({})),
  delete: canned(() => ({ pid: 4243, exitStatus: 137, exitedAt: now() })),
  stats: canned(() => ({ stats: statsAny })),
};

async function serve(socket: string, add: (server: Server) => void): Promise<void> {
  fs.rmSync(socket, { force: true });
  const server = new Server({ 'grpc.max_receive_message_length': MAX_RECEIVE_MESSAGE_BYTES });
  add(server);
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${socket}`, ServerCredentials.createInsecure(), (error) =>
      error ? reject(error) : resolve(),
    ),
  );
}

await serve(taskSocket, (server) => server.addService(TaskService, task));
await serve(controllerSocket, (server) => server.addService(ControllerService, controller));
process.send?.({ type: 'ready' });
