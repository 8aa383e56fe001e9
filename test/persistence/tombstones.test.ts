import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { createActor } from 'xstate';
import { containerMachine } from '../../machines/container.machine.js';
import type { JsonObject } from '../../src/core/json.js';
import { Registries, type ContainerActor, type SandboxActor } from '../../machines/registries.js';
import { sandboxMachine } from '../../machines/sandbox.machine.js';
import { Persistence } from '../../src/persistence/persistence.js';
import { extractContainerResources } from '../../src/resources/index.js';
import { FS_CALLS, type FsCalls } from '../../src/store/fs-calls.js';
import { GroupCommitWriter } from '../../src/store/group-commit.js';
import { StorePaths } from '../../src/store/paths.js';

type Handler = (sandboxId: string) => Promise<void>;

/**
 * Persistence driven without the supervisor: actors are created, sent events and dropped from the registries by
 * hand, so a test chooses whether a deleted actor is still registered when its sandbox's write renders.
 */
function harness(t: Test, { calls, onWriteFailure }: { calls?: FsCalls; onWriteFailure?: Handler } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-tombstones-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const registries = new Registries();
  // Nothing declared: resources.json is rendered from real (empty) resource summaries.
  const resources = extractContainerResources({ spec: {} }) as unknown as JsonObject;
  const persistence = new Persistence(
    new StorePaths(dir),
    new GroupCommitWriter('none', calls),
    registries,
    onWriteFailure ?? (() => Promise.resolve()),
  );
  const sandboxes = persistence.provideSandbox(sandboxMachine);
  const containers = persistence.provideContainer(containerMachine);
  const createSandbox = (id: string, createdAt = 1): SandboxActor => {
    const actor = createActor(sandboxes, {
      parent: registries.entities.parent,
      input: { id, createdAt, record: {}, resources },
    });
    registries.sandboxes.add(id, actor);
    registries.entities.start(actor);
    return actor;
  };
  const createContainer = (sandboxId: string, id: string, createdAt = 1): ContainerActor => {
    const actor = createActor(containers, {
      parent: registries.entities.parent,
      input: { id, sandboxId, createdAt, pid: 7, record: {}, resources },
    });
    registries.addContainer(sandboxId, id, actor);
    registries.entities.start(actor);
    return actor;
  };
  const files = (sandboxId: string): string[] | null => {
    const sandboxDir = path.join(dir, sandboxId);
    if (!fs.existsSync(sandboxDir)) return null;
    return fs.readdirSync(sandboxDir, { recursive: true, encoding: 'utf8' }).sort();
  };
  const sandboxJson = (sandboxId: string) =>
    JSON.parse(fs.readFileSync(path.join(dir, sandboxId, 'sandbox.json'), 'utf8')) as {
      snapshot: { context: { createdAt: number } };
      containers: Array<{ id: string }>;
    };
  return { dir, registries, persistence, createSandbox, createContainer, files, sandboxJson };
}

t.test(
  'a deleted sandbox is removed for its tombstone, even while its actor is still registered',
  async (t) => {
    const { persistence, registries, createSandbox, createContainer, files } = harness(t);
    const sandbox = createSandbox('pod-1');
    createContainer('pod-1', 'c1');
    await persistence.whenDurable('pod-1');
    t.same(files('pod-1'), ['containers', 'containers/c1.json', 'resources.json', 'sandbox.json']);

    registries.containers.get('c1')?.send({ type: 'DELETE', at: 2 });
    sandbox.send({ type: 'SHUTDOWN', at: 2 });
    t.equal(sandbox.getSnapshot().value, 'deleted');
    t.ok(registries.sandboxes.has('pod-1'), 'nothing dropped the actor before the write renders');
    await persistence.whenDurable('pod-1');
    t.equal(files('pod-1'), null, 'the whole directory is gone');
  },
);

t.test('a deleted container loses its file for its tombstone; the sandbox keeps its own', async (t) => {
  const { persistence, registries, createSandbox, createContainer, files } = harness(t);
  createSandbox('pod-2');
  const container = createContainer('pod-2', 'c2');
  createContainer('pod-2', 'c3');
  await persistence.whenDurable('pod-2');
  t.same(files('pod-2'), [
    'containers',
    'containers/c2.json',
    'containers/c3.json',
    'resources.json',
    'sandbox.json',
  ]);

  container.send({ type: 'DELETE', at: 2 });
  t.equal(container.getSnapshot().value, 'deleted');
  t.ok(registries.containers.has('c2'), 'nothing dropped the actor before the write renders');
  await persistence.whenDurable('pod-2');
  t.same(files('pod-2'), ['containers', 'containers/c3.json', 'resources.json', 'sandbox.json']);
});

t.test('a sandbox created again after its tombstone, before the write renders, is written', async (t) => {
  const { persistence, registries, createSandbox, createContainer, files, sandboxJson } = harness(t);
  const old = createSandbox('pod-3', 1);
  createContainer('pod-3', 'c4');
  await persistence.whenDurable('pod-3');

  // All in one turn, as the supervisor would: the write starts on a later microtask and renders once.
  registries.containers.get('c4')?.send({ type: 'DELETE', at: 2 });
  registries.removeContainer('pod-3', 'c4');
  old.send({ type: 'SHUTDOWN', at: 2 });
  registries.sandboxes.remove('pod-3');
  createSandbox('pod-3', 3);
  await persistence.whenDurable('pod-3');
  t.same(
    files('pod-3'),
    ['containers', 'resources.json', 'sandbox.json'],
    'the new sandbox is on disk; the old container file went by its own tombstone',
  );
  t.equal(sandboxJson('pod-3').snapshot.context.createdAt, 3, 'sandbox.json is the new sandbox');

  // And the other way round: created again, then deleted again before the write: the latest state is no sandbox.
  const again = registries.sandboxes.get('pod-3');
  again?.send({ type: 'SHUTDOWN', at: 4 });
  registries.sandboxes.remove('pod-3');
  createSandbox('pod-3', 5).send({ type: 'SHUTDOWN', at: 6 });
  await persistence.whenDurable('pod-3');
  t.equal(files('pod-3'), null);
});

t.test('a container created again after its tombstone, before the write renders, is written', async (t) => {
  const { persistence, registries, createSandbox, createContainer, files } = harness(t);
  createSandbox('pod-4');
  createContainer('pod-4', 'c5', 1).send({ type: 'DELETE', at: 2 });
  registries.removeContainer('pod-4', 'c5');
  createContainer('pod-4', 'c5', 3);
  await persistence.whenDurable('pod-4');
  t.same(files('pod-4'), ['containers', 'containers/c5.json', 'resources.json', 'sandbox.json']);
});

t.test('a container id taken by another sandbox before the write leaves no file in the first', async (t) => {
  const { dir, persistence, registries, createSandbox, createContainer, files } = harness(t);
  createSandbox('pod-5');
  createSandbox('pod-6');
  createContainer('pod-5', 'c6');
  await Promise.all([persistence.whenDurable('pod-5'), persistence.whenDurable('pod-6')]);

  registries.containers.get('c6')?.send({ type: 'DELETE', at: 2 });
  registries.removeContainer('pod-5', 'c6');
  createContainer('pod-6', 'c6', 3);
  await Promise.all([persistence.whenDurable('pod-5'), persistence.whenDurable('pod-6')]);
  t.same(files('pod-5'), ['containers', 'resources.json', 'sandbox.json']);
  t.same(files('pod-6'), ['containers', 'containers/c6.json', 'resources.json', 'sandbox.json']);
  const moved = JSON.parse(fs.readFileSync(path.join(dir, 'pod-6', 'containers', 'c6.json'), 'utf8')) as {
    sandbox_id: string;
  };
  t.equal(moved.sandbox_id, 'pod-6');
});

t.test(
  'the write-failure handler given at construction runs before the failed write is answered',
  async (t) => {
    const noSpace = (): never => {
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    };
    const events: string[] = [];
    const { persistence, createSandbox, files } = harness(t, {
      calls: { ...FS_CALLS.direct, open: noSpace },
      onWriteFailure: async (sandboxId) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`rolled back ${sandboxId}`);
        throw new Error('a failing handler does not replace the write error');
      },
    });
    createSandbox('pod-7');
    await t.rejects(
      persistence.whenDurable('pod-7').finally(() => events.push('answered')),
      {
        kind: 'ResourceExhausted',
        message: /disk full/,
      },
    );
    t.same(events, ['rolled back pod-7', 'answered']);
    t.same(files('pod-7'), [], 'the directory was made, nothing was written into it');
  },
);
