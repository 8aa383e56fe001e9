/**
 * A stand-in for containerd's gRPC socket with just what reconciliation asks: Namespaces.List and, per namespace
 * (the `containerd-namespace` header), Store.List with containerd's filter forms `id==<id>` and `id~=/<regexp>/`
 * (any one matching, none meaning all). Records are as CRI writes them, with a ~1 KB metadata extension, so a small
 * `maxSendBytes` makes a whole listing too large the way 16 MiB does for a real containerd. Every other method
 * answers UNIMPLEMENTED.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import {
  NamespacesService,
  type ListNamespacesRequest,
  type ListNamespacesResponse,
} from '../../src/generated/containerd/services/namespaces/v1/namespace.js';
import {
  StoreService,
  type StoreListRequest,
  type StoreListResponse,
} from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import type { Sandbox } from '../../src/generated/containerd/types/sandbox.js';

export interface StoreListCall {
  namespace: string | undefined;
  filters: string[];
}

export interface FakeContainerd {
  socket: string;
  /** namespace → the sandbox ids containerd has records of; change it at will. */
  records: Map<string, string[]>;
  /** Every Store.List, in order. */
  storeLists: StoreListCall[];
  namespaceLists(): number;
  /** Stops serving and removes the socket: containerd is gone. */
  stop(): Promise<void>;
  /** Serves again on the same socket. */
  start(): Promise<void>;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function startFakeContainerd(
  t: Teardown,
  options: { records?: Record<string, string[]>; maxSendBytes?: number } = {},
): Promise<FakeContainerd> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-fake-ctrd-'));
  const socket = path.join(tmp, 'containerd.sock');
  const records = new Map(Object.entries(options.records ?? {}));
  const storeLists: StoreListCall[] = [];
  let namespaceLists = 0;

  const namespaces: UntypedServiceImplementation = {
    list: (
      _call: ServerUnaryCall<ListNamespacesRequest, ListNamespacesResponse>,
      done: sendUnaryData<ListNamespacesResponse>,
    ) => {
      namespaceLists += 1;
      done(null, { namespaces: [...records.keys()].map((name) => ({ name, labels: {} })) });
    },
  };
  const store: UntypedServiceImplementation = {
    list: (
      call: ServerUnaryCall<StoreListRequest, StoreListResponse>,
      done: sendUnaryData<StoreListResponse>,
    ) => {
      const namespace = call.metadata.get('containerd-namespace')[0]?.toString();
      storeLists.push({ namespace, filters: call.request.filters });
      if (!namespace) {
        done({ code: status.FAILED_PRECONDITION, details: 'namespace is required' }, null);
        return;
      }
      let matches: (id: string) => boolean;
      try {
        matches = matcher(call.request.filters);
      } catch (error) {
        done({ code: status.INVALID_ARGUMENT, details: (error as Error).message }, null);
        return;
      }
      done(null, { list: (records.get(namespace) ?? []).filter(matches).map(criRecord) });
    },
  };

  let server: Server | undefined;
  const start = async (): Promise<void> => {
    const started = new Server(
      options.maxSendBytes === undefined ? {} : { 'grpc.max_send_message_length': options.maxSendBytes },
    );
    started.addService(NamespacesService, namespaces);
    started.addService(StoreService, store);
    await new Promise<void>((resolve, reject) =>
      started.bindAsync(`unix:${socket}`, ServerCredentials.createInsecure(), (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    server = started;
  };
  const stop = async (): Promise<void> => {
    const running = server;
    server = undefined;
    if (running) await new Promise<void>((resolve) => running.tryShutdown(() => resolve()));
    fs.rmSync(socket, { force: true });
  };
  await start();
  t.teardown(async () => {
    await stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return { socket, records, storeLists, namespaceLists: () => namespaceLists, stop, start };
}

/** containerd's `filters.ParseAll` for the two forms reconciliation sends. */
function matcher(filters: string[]): (id: string) => boolean {
  if (filters.length === 0) return () => true;
  const tests = filters.map((filter): ((id: string) => boolean) => {
    const equal = /^id==(.+)$/.exec(filter);
    if (equal) return (id) => id === equal[1];
    const regexp = /^id~=\/(.+)\/$/.exec(filter);
    if (regexp?.[1]) {
      const compiled = new RegExp(regexp[1]);
      return (id) => compiled.test(id);
    }
    throw new Error(`unsupported filter ${JSON.stringify(filter)}`);
  });
  return (id) => tests.some((test) => test(id));
}

function criRecord(id: string): Sandbox {
  return {
    sandboxId: id,
    runtime: { name: 'io.containerd.resource-slot.v1', options: undefined },
    spec: undefined,
    labels: { name: `${id}_default_uid_0` },
    createdAt: { seconds: 1_700_000_000, nanos: 0 },
    updatedAt: { seconds: 1_700_000_000, nanos: 0 },
    extensions: {
      metadata: {
        typeUrl: 'github.com/containerd/cri/pkg/store/sandbox/Metadata',
        value: Buffer.from(
          JSON.stringify({ Version: 'v1', Metadata: { ID: id, Padding: 'x'.repeat(1000) } }),
        ),
      },
    },
    sandboxer: 'resource-slot',
  };
}
