import fs from 'node:fs';
import path from 'node:path';
import { Client, credentials, type ServiceError } from '@grpc/grpc-js';
import t from 'tap';
import { PodSandboxConfig, type NamespaceMode } from '../../src/generated/runtime/v1/api.js';
import { codeOf, sandboxDirs, startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig, status } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';

type Failure = { code: number; details: string };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: Failure) => error,
  );

t.test('hostile input gets a clear error and changes nothing', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  await api.create(createRequest('victim'));
  const started = await api.start('victim');
  const client = taskClient(started.address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  const snapshotOfDisk = () =>
    sandboxDirs(daemon.dir)
      .flatMap((id) => fs.readdirSync(path.join(daemon.dir, id)).map((name) => `${id}/${name}`))
      .sort();
  const before = snapshotOfDisk();
  const victimFile = fs.readFileSync(path.join(daemon.dir, 'victim', 'sandbox.json'), 'utf8');

  await t.test('ids that try to escape --dir', async (t) => {
    for (const id of ['../x', 'a/b', '.', '..', '/etc', 'nul\0id', 'x'.repeat(1000)]) {
      t.equal(
        await codeOf(api.create(createRequest(id))),
        status.INVALID_ARGUMENT,
        `Create ${JSON.stringify(id.slice(0, 20))}`,
      );
      t.equal(
        await codeOf(api.status(id)),
        status.INVALID_ARGUMENT,
        `Status ${JSON.stringify(id.slice(0, 20))}`,
      );
      t.equal(
        await codeOf(tasks.state(id)),
        status.INVALID_ARGUMENT,
        `task State ${JSON.stringify(id.slice(0, 20))}`,
      );
    }
  });

  await t.test('100k annotations', async (t) => {
    const config = podConfig();
    for (let index = 0; index < 100_000; index++) config.annotations[`key-${index}`] = 'value';
    const error = await failure(api.create(createRequest('many-annotations', config)));
    t.equal(error?.code, status.INVALID_ARGUMENT);
    t.match(error?.details, /options.annotations/);
  });

  await t.test('a message above the receive limit', async (t) => {
    const request = createRequest('too-big');
    request.annotations = { huge: 'x'.repeat(17 * 1024 * 1024) };
    t.equal(await codeOf(api.create(request)), status.RESOURCE_EXHAUSTED);
  });

  await t.test('unknown enum values and overflowing numbers', async (t) => {
    const config = podConfig();
    config.linux!.securityContext!.namespaceOptions!.network = 99 as NamespaceMode;
    const enumError = await failure(api.create(createRequest('bad-enum', config)));
    t.equal(enumError?.code, status.INVALID_ARGUMENT);
    t.match(enumError?.details, /namespace_options.network/);
    const overflow = createRequest('overflow');
    // cpu_quota = 2^63-1 as a varint: more than a JS number holds exactly.
    const encoded = Buffer.from(PodSandboxConfig.encode(podConfig()).finish());
    const linux = Buffer.from([
      0x42, 0x0c, 0x2a, 0x0a, 0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
    ]);
    overflow.options.value = Buffer.concat([encoded, linux]);
    const overflowError = await failure(api.create(overflow));
    t.equal(overflowError?.code, status.INVALID_ARGUMENT);
    t.match(overflowError?.details, /options/);
    const negative = await failure(
      api.create(createRequest('negative', podConfig({ memoryLimitInBytes: -5 }))),
    );
    t.equal(negative?.code, status.INVALID_ARGUMENT);
    t.match(negative?.details, /memory_limit_in_bytes/);
  });

  await t.test('garbage bytes where a request should be', async (t) => {
    const raw = new Client(`unix:${daemon.socket}`, credentials.createInsecure());
    t.teardown(() => raw.close());
    const code = await new Promise<number>((resolve) =>
      raw.makeUnaryRequest(
        '/containerd.services.sandbox.v1.Controller/Create',
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => bytes,
        Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        (error: ServiceError | null) => resolve(error?.code ?? 0),
      ),
    );
    t.equal(code, status.INVALID_ARGUMENT, 'undecodable request: INVALID_ARGUMENT, not INTERNAL');
  });

  await t.test('missing fields, symlinked and oversized bundles', async (t) => {
    t.equal(await codeOf(tasks.create('no-bundle', '')), status.INVALID_ARGUMENT);
    const outside = writeBundle(daemon.tmp, 'outside', 'victim');
    const linked = path.join(daemon.tmp, 'bundles', 'linked');
    fs.mkdirSync(linked);
    fs.symlinkSync(path.join(outside, 'config.json'), path.join(linked, 'config.json'));
    const symlink = await failure(tasks.create('linked', linked));
    t.equal(symlink?.code, status.INVALID_ARGUMENT);
    t.match(symlink?.details, /symlink/);
    const big = path.join(daemon.tmp, 'bundles', 'big');
    fs.mkdirSync(big);
    fs.writeFileSync(path.join(big, 'config.json'), '');
    fs.truncateSync(path.join(big, 'config.json'), 100 * 1024 * 1024);
    const oversized = await failure(tasks.create('big', big));
    t.equal(oversized?.code, status.INVALID_ARGUMENT);
    t.match(oversized?.details, /config.json/);
  });

  t.same(snapshotOfDisk(), before, 'no file was added or removed');
  t.equal(
    fs.readFileSync(path.join(daemon.dir, 'victim', 'sandbox.json'), 'utf8'),
    victimFile,
    'nothing changed',
  );
  t.equal((await api.status('victim')).state, 'SANDBOX_READY', 'and the daemon still serves');
});

t.test('a symlink planted inside --dir is never followed', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  const elsewhere = path.join(daemon.tmp, 'elsewhere');
  fs.mkdirSync(elsewhere);
  fs.symlinkSync(elsewhere, path.join(daemon.dir, 'planted'));
  const error = await failure(api.create(createRequest('planted')));
  t.not(error, null, 'Create through a planted symlink fails');
  t.same(fs.readdirSync(elsewhere), [], 'nothing was written through the symlink');
});
