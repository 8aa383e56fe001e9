import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { Sandbox } from '../../src/generated/containerd/types/sandbox.js';
import { codeOf, readJson, startDaemon, sandboxDirs } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig, status } from '../helpers/requests.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

t.test('a sandbox goes through its whole lifecycle, and its files follow', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  const id = 'lifecycle-1';
  const config = podConfig({
    cpuQuota: 150000,
    cpuPeriod: 100000,
    cpuShares: 512,
    memoryLimitInBytes: 256 * 1024 ** 2,
  });

  t.same(await api.create(createRequest(id, config)), { sandboxId: id });
  const files = {
    sandbox: path.join(daemon.dir, id, 'sandbox.json'),
    resources: path.join(daemon.dir, id, 'resources.json'),
  };
  const created = readJson(files.resources) as Record<string, unknown>;
  t.equal(created.state, 'created');
  t.equal(created.cpu_limit, 1.5);
  t.equal(created.cpu_request, 0.5);
  t.equal(created.memory_limit, 256 * 1024 ** 2);
  t.equal(created.memory_request, null, 'unknown values are null, never 0');
  for (const key of ['pid_limit', 'storage_limit', 'network_bandwidth'])
    t.ok(key in created, `resources.json has ${key}`);

  const createdStatus = await api.status(id);
  t.equal(createdStatus.state, 'SANDBOX_NOTREADY');
  t.equal(createdStatus.pid, 0);

  const started = await api.start(id);
  t.ok(started.pid > 0, 'Start returns a non-zero pid');
  t.equal(started.version, 3);
  t.same(started.labels, { name: 'pod' }, 'labels echo the stored sandbox record');
  t.ok(started.createdAt && started.createdAt.seconds > 0);
  t.equal((readJson(files.resources) as { state: string }).state, 'running');

  const ready = await api.status(id, true);
  t.equal(ready.state, 'SANDBOX_READY');
  t.equal(ready.pid, started.pid);
  t.equal(ready.version, 3);
  const info = JSON.parse(ready.info.info ?? 'not json') as Record<string, unknown>;
  t.equal(info.state, 'running');
  t.equal((info.resources as { cpu_limit: number }).cpu_limit, 1.5);
  t.equal((info.config as { metadata: { name: string } }).metadata.name, 'pod');

  const platform = await api.platform(id);
  t.equal(platform.platform?.os, 'linux');
  t.match(platform.platform?.architecture, /^(amd64|arm64|arm|386|ppc64le|s390x|riscv64|loong64)$/);

  let waited = false;
  const wait = api.wait(id).then((response) => {
    waited = true;
    return response;
  });
  await settle();
  t.equal(waited, false, 'Wait blocks while the sandbox runs');
  await api.stop(id);
  const exit = await wait;
  t.equal(exit.exitStatus, 0);
  t.ok(exit.exitedAt && exit.exitedAt.seconds > 0, 'Wait reports exited_at');

  const again = await api.wait(id);
  t.same(again, exit, 'Wait after Stop returns at once with the same exit');
  const stoppedStatus = await api.status(id);
  t.equal(stoppedStatus.state, 'SANDBOX_NOTREADY');
  t.equal(stoppedStatus.pid, 0);
  t.ok(stoppedStatus.exitedAt);
  await api.stop(id);
  t.pass('Stop is idempotent');
  t.equal((readJson(files.sandbox) as { state: string }).state, 'stopped');

  await api.shutdown(id);
  t.notOk(fs.existsSync(path.join(daemon.dir, id)), 'Shutdown removes the sandbox directory');
  t.equal(await codeOf(api.status(id)), status.NOT_FOUND);
  const logs = daemon.logs();
  for (const line of [
    'Creating ResourceSlot sandbox',
    'ResourceSlot sandbox created',
    'ResourceSlot sandbox started',
    'ResourceSlot sandbox stopped',
    'ResourceSlot sandbox deleted',
  ]) {
    t.match(logs, new RegExp(`"sandboxId":"${id}".*"msg":"${line}"`), `logs "${line}" with sandboxId`);
  }
});

t.test('Shutdown of a running sandbox releases its waiters; Wait on a created sandbox blocks', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  await api.create(createRequest('wait-created'));
  let done = false;
  const waitCreated = api.wait('wait-created').then(() => (done = true));
  await settle();
  t.equal(done, false);
  await api.create(createRequest('wait-running'));
  await api.start('wait-running');
  const waiters = Promise.all([api.wait('wait-running'), api.wait('wait-running'), api.wait('wait-running')]);
  await api.shutdown('wait-running');
  const exits = await waiters;
  t.equal(exits.length, 3, 'every concurrent waiter is answered');
  await api.shutdown('wait-created');
  await waitCreated;
  t.equal(done, true);
});

t.test('illegal transitions answer FAILED_PRECONDITION and leave the files untouched', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  await api.create(createRequest('illegal-1'));
  await api.start('illegal-1');
  const sandboxFile = path.join(daemon.dir, 'illegal-1', 'sandbox.json');
  const before = fs.readFileSync(sandboxFile, 'utf8');
  const error = await api.start('illegal-1').catch((caught: { code: number; details: string }) => caught);
  t.equal((error as { code: number }).code, status.FAILED_PRECONDITION);
  t.match(
    (error as { details: string }).details,
    'sandbox illegal-1 is running; Start is allowed only in created',
  );
  t.equal(fs.readFileSync(sandboxFile, 'utf8'), before, 'running sandbox file unchanged');
  await api.stop('illegal-1');
  const stopped = fs.readFileSync(sandboxFile, 'utf8');
  t.equal(await codeOf(api.start('illegal-1')), status.FAILED_PRECONDITION);
  t.equal(fs.readFileSync(sandboxFile, 'utf8'), stopped, 'stopped sandbox file unchanged');
  t.equal((await api.status('illegal-1')).state, 'SANDBOX_NOTREADY');
});

t.test('unknown ids: NOT_FOUND, except Stop and Shutdown which succeed', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  t.equal(await codeOf(api.start('nope')), status.NOT_FOUND);
  t.equal(await codeOf(api.status('nope')), status.NOT_FOUND);
  t.equal(await codeOf(api.wait('nope')), status.NOT_FOUND);
  t.equal(await codeOf(api.platform('nope')), status.NOT_FOUND);
  t.equal(
    await codeOf(api.update('nope', ['labels'], Sandbox.fromPartial({ labels: {} }))),
    status.NOT_FOUND,
  );
  t.equal(await codeOf(api.stop('nope')), 0);
  t.equal(await codeOf(api.shutdown('nope')), 0);
  t.equal(await codeOf(api.create(createRequest('twice'))), 0);
  t.equal(await codeOf(api.create(createRequest('twice'))), status.ALREADY_EXISTS);
  t.equal(await codeOf(api.metrics('nope')), status.NOT_FOUND);
  // Metrics answers the simulated usage now (test/e2e/stats.test.ts): a pod with no container sums to nothing.
  t.equal((await api.metrics('twice')).metrics?.id, 'twice');
});

t.test('bad ids and bad options are rejected before anything is written', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  const badIds = ['', '../x', 'a/b', '.', '/abs', 'a..b', '-lead', 'x'.repeat(77), 'nul\0id'];
  for (const id of badIds) {
    const error = await api
      .create(createRequest(id))
      .catch((caught: { code: number; details: string }) => caught);
    t.equal((error as { code: number }).code, status.INVALID_ARGUMENT, `id ${JSON.stringify(id)} rejected`);
    t.match((error as { details: string }).details, /sandbox_id/, 'the message names the field');
  }
  const wrongType = createRequest('wrong-type');
  wrongType.options.typeUrl = 'runtime.v1.ContainerConfig';
  const typeError = await api.create(wrongType).catch((caught: { code: number; details: string }) => caught);
  t.equal((typeError as { code: number }).code, status.INVALID_ARGUMENT);
  t.match((typeError as { details: string }).details, /options.type_url/);
  const garbage = createRequest('garbage');
  garbage.options.value = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
  t.equal(await codeOf(api.create(garbage)), status.INVALID_ARGUMENT, 'undecodable options rejected');
  const prefixed = createRequest('prefixed');
  prefixed.options.typeUrl = 'type.googleapis.com/runtime.v1.PodSandboxConfig';
  t.equal(await codeOf(api.create(prefixed)), 0, 'the type.googleapis.com/ prefix is accepted');
  const entries = sandboxDirs(daemon.dir);
  t.same(entries, ['prefixed'], 'only the valid sandbox reached the disk');
});

t.test('Update applies the named labels and extensions and persists them', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  const request = createRequest('update-1');
  await api.create(request);
  const sandbox = Sandbox.fromPartial({
    ...request.sandbox,
    labels: { name: 'pod', team: 'blue' },
    extensions: { note: { typeUrl: 'example.com/Note', value: Buffer.from('hello') } },
  });
  await api.update('update-1', ['labels.team', 'extensions.note'], sandbox);
  const stored = readJson(path.join(daemon.dir, 'update-1', 'sandbox.json')) as {
    snapshot: {
      context: {
        record: { sandbox: { labels: Record<string, string>; extensions: Record<string, unknown> } };
      };
    };
  };
  t.same(stored.snapshot.context.record.sandbox.labels, { name: 'pod', team: 'blue' });
  t.ok(stored.snapshot.context.record.sandbox.extensions.note, 'extension stored');
  const started = await api.start('update-1');
  t.same(started.labels, { name: 'pod', team: 'blue' }, 'Start echoes the updated labels');
  const badField = await api
    .update('update-1', ['nonsense'], sandbox)
    .catch((caught: { code: number; details: string }) => caught);
  t.equal((badField as { code: number }).code, status.INVALID_ARGUMENT);
  t.match((badField as { details: string }).details, /fields\[0\]/);
  const noTasks = await api
    .update('update-1', ['extensions.tasks'], sandbox)
    .catch((caught: unknown) => caught);
  t.equal(
    (noTasks as { code: number }).code,
    status.INVALID_ARGUMENT,
    'extensions.tasks needs the extension',
  );
  t.match((noTasks as { details: string }).details, /sandbox.extensions\["tasks"\]/);
});
