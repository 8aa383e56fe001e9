// The daemon's client of containerd's socket (src/orphans/containerd-sandboxes.ts) against a fake containerd.
import { status } from '@grpc/grpc-js';
import t from 'tap';
import { ContainerdStore } from '../../src/orphans/containerd-sandboxes.js';
import { storeListIds } from '../../src/orphans/store-list-ids.js';
import { StoreListResponse } from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { startFakeContainerd } from '../helpers/fake-containerd.js';

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

t.test('every namespace is listed, each with its containerd-namespace header', async (t) => {
  const containerd = await startFakeContainerd(t, {
    records: { 'k8s.io': ['a1', 'b2'], default: ['c3'], empty: [] },
  });
  const store = new ContainerdStore(containerd.socket);
  t.teardown(() => store.close());
  t.strictSame(sorted(await store.knownSandboxIds()), ['a1', 'b2', 'c3']);
  t.equal(containerd.namespaceLists(), 1);
  t.strictSame(
    containerd.storeLists.map((call) => call.namespace).sort(),
    ['default', 'empty', 'k8s.io'],
    'one Store.List per namespace, named in the header',
  );
  t.ok(
    containerd.storeLists.every((call) => call.filters.length === 0),
    'no filter: containerd cannot filter sandboxes by sandboxer',
  );
});

t.test('a namespace too large for one message is read in parts, and no id is missed', async (t) => {
  // Ids of every shape containerd allows, sharing prefixes, plus CRI's 64 hex characters.
  const hex = Array.from({ length: 40 }, (_, i) =>
    (i * 0x9e3779b1).toString(16).padStart(64, '0').slice(-64),
  );
  const odd = ['a', 'a.b', 'a-b', 'a_b', 'ab', 'A9', 'z', 'a.b.c', '0'];
  // Enough ids under "a.b." that the parts "a", "a." and "a.b" are all too large as well.
  const dotted = Array.from({ length: 12 }, (_, i) => `a.b.c${i}`);
  const ids = [...hex, ...odd, ...dotted];
  // About 1.2 KB per record: the whole namespace is ~60 KB, a part may be at most 8 KB.
  const containerd = await startFakeContainerd(t, { records: { 'k8s.io': ids }, maxSendBytes: 8 * 1024 });
  const store = new ContainerdStore(containerd.socket);
  t.teardown(() => store.close());
  t.strictSame(sorted(await store.knownSandboxIds()), sorted(ids), 'all ids, each once');
  t.ok(containerd.storeLists.length > 20, `read in ${containerd.storeLists.length} parts`);
  t.ok(
    containerd.storeLists.some((call) => call.filters[0] === 'id~=/^a[.]b$/'),
    'a dot in a prefix is matched literally',
  );
});

t.test('a part that cannot be split further fails the whole listing', async (t) => {
  const containerd = await startFakeContainerd(t, { records: { 'k8s.io': ['a1'] }, maxSendBytes: 64 });
  const store = new ContainerdStore(containerd.socket);
  t.teardown(() => store.close());
  await t.rejects(store.knownSandboxIds(), { code: status.RESOURCE_EXHAUSTED });
});

t.test('an unreachable containerd rejects: nothing can be concluded', async (t) => {
  const containerd = await startFakeContainerd(t, { records: { 'k8s.io': ['a1'] } });
  await containerd.stop();
  const store = new ContainerdStore(containerd.socket, 2_000);
  t.teardown(() => store.close());
  await t.rejects(store.knownSandboxIds(), { code: status.UNAVAILABLE });
  await containerd.start();
  // The channel reconnects on its own back-off (at most a few seconds): poll like the next reconcile would.
  const deadline = Date.now() + 15_000;
  let known: Set<string> | undefined;
  while (!known && Date.now() < deadline) {
    known = await store.knownSandboxIds().catch(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return undefined;
    });
  }
  t.strictSame(sorted(known ?? []), ['a1'], 'and it recovers when containerd is back');
});

t.test('storeListIds reads the ids a full decode reads, skipping everything else', async (t) => {
  const record = (sandboxId: string) => ({
    sandboxId,
    runtime: { name: 'rt', options: { typeUrl: 'x', value: Buffer.from([1, 2, 3]) } },
    spec: { typeUrl: 'spec', value: Buffer.alloc(300, 7) },
    labels: { name: 'n', other: 'o' },
    createdAt: { seconds: 5, nanos: 6 },
    updatedAt: { seconds: 7, nanos: 8 },
    extensions: { metadata: { typeUrl: 'm', value: Buffer.alloc(2000, 1) } },
    sandboxer: 'resource-slot',
  });
  const bytes = StoreListResponse.encode({ list: ['x1', 'y-2', '', 'z.3'].map(record) }).finish();
  t.strictSame(
    storeListIds(bytes),
    StoreListResponse.decode(bytes).list.map((sandbox) => sandbox.sandboxId),
  );
  t.strictSame(storeListIds(bytes), ['x1', 'y-2', '', 'z.3']);
  t.strictSame(storeListIds(new Uint8Array()), [], 'an empty list');
  // An unknown field at each level, and sandbox_id twice (the last one wins, as in proto3).
  const unknownTop = [0x10, 0x05]; // field 2, varint 5
  const sandbox = [0x0a, 0x01, 0x61, 0x18, 0x01, 0x0a, 0x01, 0x62]; // id "a", field 3 varint, id "b"
  const mixed = new Uint8Array([...unknownTop, 0x0a, sandbox.length, ...sandbox]);
  t.strictSame(storeListIds(mixed), ['b']);
  t.strictSame(StoreListResponse.decode(mixed).list[0]?.sandboxId, 'b');
});
