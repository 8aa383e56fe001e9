import {
  Client,
  credentials,
  Metadata,
  status,
  type ClientUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';
import {
  NamespacesService,
  type ListNamespacesResponse,
} from '../generated/containerd/services/namespaces/v1/namespace.js';
import { StoreService, type StoreListRequest } from '../generated/containerd/services/sandbox/v1/sandbox.js';
import { MAX_ID_LENGTH } from '../sandbox/ids.js';
import { storeListIds } from './store-list-ids.js';
import { CONTAINERD_NAMESPACE_HEADER } from '../core/containerd-namespace.js';

/** What reconciliation needs from containerd: the id of every sandbox record it holds, in any namespace. */
export interface ContainerdSandboxes {
  /** containerd's socket, for log lines. */
  readonly address: string;
  /** Rejects when containerd cannot be asked (then nothing can be concluded). */
  knownSandboxIds(): Promise<Set<string>>;
  /** Cuts the calls under way (they reject) and closes the connection. */
  close(): void;
}

/** containerd sends at most 16 MiB per message by default; accept at least that much. */
const MAX_RECEIVE_BYTES = 32 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;
/** What may follow a prefix in a containerd identifier. */
const ID_CHARACTERS = [...'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._-'];

/**
 * A client of containerd's own gRPC socket: `containerd.services.namespaces.v1.Namespaces` List, then
 * `containerd.services.sandbox.v1.Store` List in each namespace (the namespace travels as the `containerd-namespace`
 * header). containerd's sandbox store can filter only on `id` and `labels` (core/metadata/adaptors.go): a filter on
 * the sandboxer matches nothing at all, so every record is listed and only its id is decoded.
 *
 * When one namespace's records do not fit in a message (containerd answers RESOURCE_EXHAUSTED beyond 16 MiB, some
 * ten to twenty thousand CRI pods), they are listed again in parts by id prefix (`id~=/^<prefix>/`), each part
 * split further as needed. The parts always cover every id: the id equal to the prefix, one part per character
 * that may follow it, and one for any other character.
 */
export class ContainerdStore implements ContainerdSandboxes {
  private readonly client: Client;
  private readonly calls = new Set<ClientUnaryCall>();

  constructor(
    readonly address: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    this.client = new Client(`unix:${address}`, credentials.createInsecure(), {
      'grpc.max_receive_message_length': MAX_RECEIVE_BYTES,
      // grpc-js backs off up to 2 minutes between connection attempts; containerd coming back should be
      // noticed by the next reconcile, not minutes later.
      'grpc.initial_reconnect_backoff_ms': 1_000,
      'grpc.max_reconnect_backoff_ms': 5_000,
    });
  }

  async knownSandboxIds(): Promise<Set<string>> {
    const known = new Set<string>();
    for (const namespace of await this.namespaces()) {
      for (const id of await this.idsIn(namespace, null)) known.add(id);
    }
    return known;
  }

  close(): void {
    for (const call of this.calls) call.cancel();
    this.client.close();
  }

  private async namespaces(): Promise<string[]> {
    const { list } = NamespacesService;
    const response = await this.unary<{ filter: string }, ListNamespacesResponse>(
      list.path,
      list.requestSerialize,
      list.responseDeserialize,
      { filter: '' },
      new Metadata(),
    );
    return response.namespaces.map((namespace) => namespace.name);
  }

  /** The ids in `namespace` (that start with `prefix`, unless null). */
  private async idsIn(namespace: string, prefix: string | null): Promise<string[]> {
    try {
      return await this.storeList(namespace, prefix === null ? [] : [`id~=/^${pattern(prefix)}/`]);
    } catch (error) {
      if ((error as ServiceError).code !== status.RESOURCE_EXHAUSTED) throw error;
    }
    const base = prefix ?? '';
    if (base.length >= MAX_ID_LENGTH)
      throw new Error(`containerd's sandbox list is too large to read in parts`);
    const ids = base === '' ? [] : await this.storeList(namespace, [`id~=/^${pattern(base)}$/`]);
    for (const next of ID_CHARACTERS) ids.push(...(await this.idsIn(namespace, base + next)));
    ids.push(...(await this.storeList(namespace, [`id~=/^${pattern(base)}[^A-Za-z0-9._-]/`])));
    return ids;
  }

  private storeList(namespace: string, filters: string[]): Promise<string[]> {
    const metadata = new Metadata();
    metadata.set(CONTAINERD_NAMESPACE_HEADER, namespace);
    const { list } = StoreService;
    return this.unary<StoreListRequest, string[]>(
      list.path,
      list.requestSerialize,
      (bytes) => storeListIds(bytes),
      { filters },
      metadata,
    );
  }

  private unary<Req, Res>(
    path: string,
    serialize: (value: Req) => Buffer,
    deserialize: (bytes: Buffer) => Res,
    request: Req,
    metadata: Metadata,
  ): Promise<Res> {
    return new Promise((resolve, reject) => {
      const call = this.client.makeUnaryRequest(
        path,
        serialize,
        deserialize,
        request,
        metadata,
        { deadline: Date.now() + this.timeoutMs },
        (error, response) => {
          this.calls.delete(call);
          if (error || response === undefined) reject(error);
          else resolve(response);
        },
      );
      this.calls.add(call);
    });
  }
}

/** A prefix of identifier characters as a regular expression: only `.` needs escaping, done as `[.]`. */
function pattern(prefix: string): string {
  return prefix.replaceAll('.', '[.]');
}
