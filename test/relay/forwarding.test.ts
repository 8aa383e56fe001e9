/**
 * The task relay in-process, between a typed task client and a scripted upstream standing in for the daemon: what it
 * forwards, what it repeats across an upstream restart, what it sends at most once, and when it gives up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  credentials,
  Metadata,
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceError,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import {
  TaskClient,
  StateResponse,
  TaskService,
  WaitResponse,
  type StateRequest,
  type WaitRequest,
} from '../../src/generated/containerd/runtime/task/v3/shim.js';
import { Empty } from '../../src/generated/google/protobuf/empty.js';
import { TaskRelay } from '../../src/relay/relay.js';

type Handler = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => void;

/** A task server on `socket` whose methods the test scripts; it counts the calls it received per method. */
async function upstreamServer(socket: string, handlers: Record<string, Handler>) {
  const server = new Server();
  const received: Record<string, number> = {};
  const implementation: UntypedServiceImplementation = {};
  for (const name of Object.keys(TaskService)) {
    implementation[name] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      received[name] = (received[name] ?? 0) + 1;
      const handler = handlers[name];
      if (handler) handler(call, callback);
      else callback({ code: status.UNIMPLEMENTED, details: `${name} is not scripted` });
    };
  }
  server.addService(TaskService, implementation);
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${socket}`, ServerCredentials.createInsecure(), (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  return { server, received, stop: () => server.forceShutdown() };
}

async function setup(t: Test, graceMs = 30_000) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-relay-'));
  const listen = path.join(tmp, 'task.sock');
  const upstream = path.join(tmp, 'task-daemon.sock');
  const relay = await TaskRelay.start({
    listen,
    upstream,
    graceMs,
    socketGid: null,
    log: pino({ level: 'silent' }),
    probeIntervalMs: 50,
  });
  const client = new TaskClient(`unix:${listen}`, credentials.createInsecure());
  t.teardown(async () => {
    client.close();
    await relay.stop(0);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return { tmp, listen, upstream, relay, client };
}

const stateOf = (client: TaskClient, id: string, metadata = new Metadata()) =>
  new Promise<{ error: ServiceError | null; pid?: number }>((resolve) =>
    client.state({ id, execId: '' }, metadata, (error, response) => resolve({ error, pid: response?.pid })),
  );
const kill = (client: TaskClient, id: string) =>
  new Promise<ServiceError | null>((resolve) =>
    client.kill({ id, execId: '', signal: 9, all: false }, (error) => resolve(error)),
  );
const waitFor = (client: TaskClient, id: string) =>
  new Promise<{ error: ServiceError | null; exitStatus?: number }>((resolve) =>
    client.wait({ id, execId: '' }, (error, response) =>
      resolve({ error, exitStatus: response?.exitStatus }),
    ),
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('answers, errors and metadata pass through unchanged', async (t) => {
  const { upstream, client } = await setup(t);
  const seen: string[] = [];
  const server = await upstreamServer(upstream, {
    state: (call, callback) => {
      const { id } = call.request as StateRequest;
      seen.push(String(call.metadata.get('containerd-namespace')[0]));
      if (id === 'missing') callback({ code: status.NOT_FOUND, details: 'container "missing" not found' });
      else callback(null, StateResponse.fromPartial({ id, pid: 4242, status: 2 }));
    },
  });
  t.teardown(server.stop);
  const metadata = new Metadata();
  metadata.set('containerd-namespace', 'k8s.io');
  t.same(await stateOf(client, 'c1', metadata), { error: null, pid: 4242 });
  const missing = await stateOf(client, 'missing');
  t.equal(missing.error?.code, status.NOT_FOUND);
  t.equal(missing.error?.details, 'container "missing" not found');
  const unscripted = await kill(client, 'c1');
  t.equal(unscripted?.code, status.UNIMPLEMENTED, "the daemon's own UNIMPLEMENTED");
  t.same(seen, ['k8s.io', 'undefined'], 'caller metadata reaches the daemon');
});

t.test('a pending Wait survives the daemon going away and coming back', async (t) => {
  const { upstream, client } = await setup(t);
  const first = await upstreamServer(upstream, { wait: () => undefined });
  const waiting = waitFor(client, 'c1');
  while (!first.received['wait']) await sleep(10);
  first.stop();
  fs.rmSync(upstream, { force: true });
  await sleep(300);
  const second = await upstreamServer(upstream, {
    wait: (_call, callback) => callback(null, WaitResponse.fromPartial({ exitStatus: 137 })),
  });
  t.teardown(second.stop);
  t.same(await waiting, { error: null, exitStatus: 137 }, 'the caller sees the answer of the new daemon');
  t.equal(second.received['wait'], 1, 'asked again once the daemon was back');
});

t.test('a call made while the daemon is away is sent once it is back, exactly once', async (t) => {
  const { upstream, client } = await setup(t);
  const killing = kill(client, 'c1');
  await sleep(300);
  const server = await upstreamServer(upstream, {
    kill: (_call, callback) => callback(null, Empty.fromPartial({})),
  });
  t.teardown(server.stop);
  t.equal(await killing, null);
  t.equal(server.received['kill'], 1);
});

t.test('a call lost in flight is not repeated: the caller hears UNAVAILABLE', async (t) => {
  const { upstream, client } = await setup(t);
  const server = await upstreamServer(upstream, { kill: () => undefined });
  const killing = kill(client, 'c1');
  while (!server.received['kill']) await sleep(10);
  server.stop();
  const error = await killing;
  t.equal(error?.code, status.UNAVAILABLE);
  t.equal(server.received['kill'], 1, 'sent once');
});

t.test("the caller's cancel reaches the daemon", async (t) => {
  const { upstream, client } = await setup(t);
  let cancelled = false;
  const server = await upstreamServer(upstream, {
    wait: (call) => call.on('cancelled', () => (cancelled = true)),
  });
  t.teardown(server.stop);
  const call = client.wait({ id: 'c1', execId: '' } satisfies WaitRequest, () => undefined);
  while (!server.received['wait']) await sleep(10);
  call.cancel();
  while (!cancelled) await sleep(10);
  t.pass('the upstream Wait was cancelled');
});

t.test('after the grace period a call gives up and the relay exits', async (t) => {
  const { client, relay } = await setup(t, 400);
  const started = Date.now();
  const error = await kill(client, 'c1');
  t.equal(error?.code, status.UNAVAILABLE);
  t.match(error?.details, /did not answer \/containerd\.task\.v3\.Task\/Kill within 0\.4 s/);
  t.ok(Date.now() - started >= 350, 'it waited for the grace period first');
  t.equal(await relay.exited, 'daemon gone');
});

t.test('the relay exits when its socket file is removed (its --dir was deleted)', async (t) => {
  const { listen, upstream, relay } = await setup(t);
  const server = await upstreamServer(upstream, {});
  t.teardown(server.stop);
  fs.rmSync(listen);
  t.equal(await relay.exited, 'socket gone');
});

t.test('more than 100 pending Waits do not hold up other calls', async (t) => {
  const { upstream, client } = await setup(t);
  const server = await upstreamServer(upstream, {
    wait: () => undefined,
    state: (call, callback) =>
      callback(null, StateResponse.fromPartial({ id: (call.request as StateRequest).id, pid: 7 })),
  });
  t.teardown(server.stop);
  const waits = Array.from({ length: 150 }, (_, index) =>
    client.wait({ id: `c${index}`, execId: '' } satisfies WaitRequest, () => undefined),
  );
  t.teardown(() => waits.forEach((call) => call.cancel()));
  while ((server.received['wait'] ?? 0) < 150) await sleep(10);
  t.same(await stateOf(client, 'c1'), { error: null, pid: 7 }, 'answered while 150 Waits are open');
});

t.test("the caller's deadline reaches the daemon, and error trailers pass through", async (t) => {
  const { upstream, client } = await setup(t);
  let seenDeadline = 0;
  const server = await upstreamServer(upstream, {
    state: (call, callback) => {
      seenDeadline = Number(call.getDeadline());
      const trailers = new Metadata();
      trailers.set('x-reason', 'scripted');
      callback({ code: status.FAILED_PRECONDITION, details: 'no, 100% é', metadata: trailers });
    },
  });
  t.teardown(server.stop);
  const deadline = Date.now() + 5_000;
  const error = await new Promise<ServiceError | null>((resolve) =>
    client.state({ id: 'c1', execId: '' }, new Metadata(), { deadline }, (failure) => resolve(failure)),
  );
  t.equal(error?.code, status.FAILED_PRECONDITION);
  t.equal(error?.details, 'no, 100% é');
  t.same(error?.metadata.get('x-reason'), ['scripted']);
  t.ok(
    Math.abs(seenDeadline - deadline) < 1_000,
    `the daemon saw the caller's deadline (${seenDeadline - deadline} ms off)`,
  );
});

t.test(
  "a call that outlives the caller's deadline ends with DEADLINE_EXCEEDED, and the daemon's call is cancelled",
  async (t) => {
    const { upstream, client } = await setup(t);
    let cancelled = false;
    const server = await upstreamServer(upstream, {
      wait: (call) => call.on('cancelled', () => (cancelled = true)),
    });
    t.teardown(server.stop);
    const error = await new Promise<ServiceError | null>((resolve) =>
      client.wait({ id: 'c1', execId: '' }, new Metadata(), { deadline: Date.now() + 300 }, (failure) =>
        resolve(failure),
      ),
    );
    t.equal(error?.code, status.DEADLINE_EXCEEDED);
    while (!cancelled) await sleep(10);
    t.pass('the upstream Wait ended');
  },
);

t.test('a request larger than 16 MiB is refused by the relay and never reaches the daemon', async (t) => {
  const { upstream, client } = await setup(t);
  const server = await upstreamServer(upstream, {});
  t.teardown(server.stop);
  const error = await new Promise<ServiceError | null>((resolve) =>
    client.state({ id: 'x'.repeat(17 * 1024 * 1024), execId: '' }, (failure) => resolve(failure)),
  );
  t.equal(error?.code, status.RESOURCE_EXHAUSTED);
  t.match(error?.details, /request of \d+ bytes is larger than the 16777216 bytes allowed/);
  t.equal(server.received['state'], undefined);
});
