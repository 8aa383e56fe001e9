import path from 'node:path';
import { Client, credentials, status } from '@grpc/grpc-js';
import t from 'tap';
import { Status } from '../../src/generated/containerd/types/task/task.js';
import { codeOf, startDaemon, unary } from '../helpers/daemon.js';
import { controllerCalls, createRequest } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';
import { FUZZ_METHODS, validRequest, type FuzzMethod, type FuzzTargets } from './support/fuzz-targets.js';
import { mapBounded } from './support/pool.js';
import { MiB, residentBytes } from './support/process-memory.js';
import { countFromEnv, Prng, seedFromEnv } from './support/prng.js';
import { mutate } from './support/protobuf-mutations.js';

const CALLS = countFromEnv('RESOURCE_SLOT_FUZZ_CALLS', 20_000);
const SEED = seedFromEnv('RESOURCE_SLOT_FUZZ_SEED');
const CONCURRENCY = 16;
/** A fuzzed Wait on a live sandbox or task blocks, as it should: its deadline ends it. */
const WAIT_DEADLINE_MS = 200;
/** Every other call must be answered well within this. */
const DEADLINE_MS = 10_000;
const RSS_GROWTH_BOUND = 150 * MiB;
/** New live targets are made between chunks, since fuzzed Stops and Kills end the old ones. */
const CHUNK = 2_500;

t.setTimeout(300_000 + CALLS * 10);

const identity = (bytes: Buffer) => bytes;

function rawCall(
  client: Client,
  method: FuzzMethod,
  bytes: Buffer,
): Promise<{ code: number; details: string }> {
  const deadline = Date.now() + (method.path.endsWith('/Wait') ? WAIT_DEADLINE_MS : DEADLINE_MS);
  return new Promise((resolve) => {
    client.makeUnaryRequest(method.path, identity, identity, bytes, { deadline }, (error) =>
      resolve(error ? { code: error.code, details: error.details } : { code: status.OK, details: '' }),
    );
  });
}

/** Codes that mean the daemon failed, not the request: garbage must never get them. */
const DAEMON_FAILURES = new Set<number>([status.INTERNAL, status.UNKNOWN, status.UNAVAILABLE]);

function histogram(counts: Map<number, number>): string {
  return [...counts.entries()]
    .sort(([, a], [, b]) => b - a)
    .map(([code, count]) => `${status[code] ?? code} ${count}`)
    .join(', ');
}

t.test(`${CALLS} random and mutated requests to every Controller and Task method`, async (t) => {
  t.comment(`seed ${SEED} (replay with RESOURCE_SLOT_FUZZ_SEED=${SEED})`);
  const rng = new Prng(SEED);
  const daemon = await startDaemon(t);
  const pid = daemon.child.pid as number;
  let stderr = '';
  daemon.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const onExit = (code: number | null, signal: string | null) => {
    t.comment(`the daemon exited (code ${code}, signal ${signal}); stderr:\n${stderr}`);
    t.comment(`last log lines:\n${daemon.logs().split('\n').slice(-5).join('\n')}`);
  };
  daemon.child.once('exit', onExit);
  t.teardown(() => daemon.child.off('exit', onExit));
  const api = controllerCalls(daemon.controller);
  const taskAddress = `grpc+${path.join(daemon.dir, 'task.sock')}`;
  const tasksClient = taskClient(taskAddress);
  t.teardown(() => tasksClient.close());
  const tasks = taskCalls(tasksClient);

  await api.create(createRequest('fz-created'));
  await api.create(createRequest('fz-stopped'));
  await api.start('fz-stopped');
  await api.stop('fz-stopped');
  const targets: FuzzTargets = {
    sandboxIds: ['fz-created', 'fz-stopped'],
    containerIds: [],
    execIds: ['fz-exec'],
    bundle: '',
  };
  const addLiveTargets = async (index: number) => {
    const sandboxId = `fz-live-${index}`;
    const containerId = `${sandboxId}-ctr`;
    await api.create(createRequest(sandboxId));
    await api.start(sandboxId);
    targets.bundle = writeBundle(daemon.tmp, containerId, sandboxId);
    await tasks.create(containerId, targets.bundle);
    await tasks.start(containerId);
    await tasks.exec(containerId, 'fz-exec');
    targets.sandboxIds.push(sandboxId);
    targets.containerIds.push(containerId);
  };

  const clients = {
    controller: new Client(`unix:${daemon.socket}`, credentials.createInsecure()),
    task: new Client(`unix:${path.join(daemon.dir, 'task.sock')}`, credentials.createInsecure()),
  };
  t.teardown(() => Object.values(clients).forEach((client) => client.close()));
  const seeds: Buffer[] = [];

  const codes = new Map<number, number>();
  const perMethod = new Map<string, Map<number, number>>(
    FUZZ_METHODS.map((method) => [method.name, new Map()]),
  );
  let answered = 0;
  const failures: string[] = [];
  const rssBefore = residentBytes(pid);
  const started = Date.now();
  for (let chunk = 0; chunk * CHUNK < CALLS; chunk++) {
    await addLiveTargets(chunk);
    seeds.length = 0;
    seeds.push(...FUZZ_METHODS.map((method) => validRequest(method, targets, rng)));
    const indices = Array.from(
      { length: Math.min(CHUNK, CALLS - chunk * CHUNK) },
      (_, i) => chunk * CHUNK + i,
    );
    await mapBounded(indices, CONCURRENCY, async (index) => {
      const method = FUZZ_METHODS[index % FUZZ_METHODS.length] as FuzzMethod;
      const valid = validRequest(method, targets, rng);
      const bytes = rng.chance(0.05) ? valid : mutate(valid, rng, seeds);
      const { code, details } = await rawCall(clients[method.socket], method, bytes);
      answered++;
      if (DAEMON_FAILURES.has(code))
        failures.push(`${method.name} ${status[code]} ${details} <- ${bytes.toString('hex')}`);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      const mine = perMethod.get(method.name) as Map<number, number>;
      mine.set(code, (mine.get(code) ?? 0) + 1);
    });
  }
  const elapsed = Date.now() - started;
  const rssAfter = residentBytes(pid);

  t.comment(`${answered} calls in ${elapsed} ms; status codes: ${histogram(codes)}`);
  for (const [name, counts] of perMethod) t.comment(`  ${name}: ${histogram(counts)}`);
  t.comment(
    `daemon VmRSS ${(rssBefore / MiB).toFixed(1)} MiB before, ${(rssAfter / MiB).toFixed(1)} MiB after`,
  );

  const errorLines = daemon
    .logs()
    .split('\n')
    .filter((line) => line.startsWith('{"level":50') || line.startsWith('{"level":60'));
  for (const line of errorLines.slice(0, 10)) t.comment(`daemon error log: ${line}`);

  t.equal(answered, CALLS, 'every call got a status');
  t.same(failures.slice(0, 10), [], 'no call was answered INTERNAL, UNKNOWN or UNAVAILABLE');
  const lateMethods = [...perMethod]
    .filter(([name, counts]) => !name.endsWith('/Wait') && (counts.get(status.DEADLINE_EXCEEDED) ?? 0) > 0)
    .map(([name]) => name);
  t.same(lateMethods, [], `no call other than Wait ran into its ${DEADLINE_MS} ms deadline`);
  t.ok(
    [...perMethod.values()].every((counts) => [...counts.values()].reduce((a, b) => a + b, 0) > 0),
    `all ${FUZZ_METHODS.length} methods were called`,
  );
  t.equal(daemon.child.exitCode, null, 'the daemon is still running');
  t.equal(daemon.child.signalCode, null, 'the daemon was not killed by a signal');
  t.ok(
    rssAfter - rssBefore < RSS_GROWTH_BOUND,
    `VmRSS grew by ${((rssAfter - rssBefore) / MiB).toFixed(1)} MiB (bound ${RSS_GROWTH_BOUND / MiB} MiB)`,
  );

  await api.create(createRequest('fz-after'));
  await api.start('fz-after');
  t.equal(
    (await api.status('fz-after')).state,
    'SANDBOX_READY',
    'a real Create, Start and Status still work',
  );
  await tasks.create('fz-after-ctr', writeBundle(daemon.tmp, 'fz-after-ctr', 'fz-after'));
  t.equal((await tasks.state('fz-after-ctr')).id, 'fz-after-ctr', 'a real task Create and State still work');
});

t.test('requests the fuzzer found taking the daemon down are answered, and it stays up', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  const client = taskClient(`grpc+${path.join(daemon.dir, 'task.sock')}`);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  await api.create(createRequest('pod'));
  await api.start('pod');
  await tasks.create('ctr', writeBundle(daemon.tmp, 'ctr', 'pod'));

  // V8 quotes half of the emoji in its JSON.parse message; grpc-js's encodeURI of that message used to throw.
  const emoji = {
    typeUrl: 'types.containerd.io/opencontainers/runtime-spec/1/LinuxResources',
    value: Buffer.from('\u{1F600}'),
  };
  const update = unary((done) => client.update({ id: 'ctr', resources: emoji, annotations: {} }, done));
  t.equal(await codeOf(update), status.INVALID_ARGUMENT, 'task Update with a resources value of one emoji');
  // 128 + 2^32-1 does not fit the uint32 exit_status: State, Wait and Delete used to fail with INTERNAL forever.
  t.equal(
    await codeOf(tasks.kill('ctr', 2 ** 32 - 1)),
    status.INVALID_ARGUMENT,
    'task Kill with signal 2^32-1',
  );
  t.equal((await tasks.state('ctr')).status, Status.CREATED, 'the task is untouched');
  t.equal(daemon.child.exitCode, null, 'the daemon is still running');
});
