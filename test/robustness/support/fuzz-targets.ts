import type { MethodDefinition } from '@grpc/grpc-js';
import { TaskService } from '../../../src/generated/containerd/runtime/task/v3/shim.js';
import { ControllerService } from '../../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { createRequest } from '../../helpers/requests.js';
import type { Prng } from './prng.js';

export type SocketName = 'controller' | 'task';

export interface FuzzMethod {
  socket: SocketName;
  /** e.g. /containerd.task.v3.Task/Wait */
  path: string;
  name: string;
  /** Encodes a request of this method from field values; fields the message lacks are ignored. */
  encode(fields: Record<string, unknown>): Buffer;
}

type UntypedMethod = MethodDefinition<object, unknown>;

function methodsOf(socket: SocketName, service: object): FuzzMethod[] {
  return Object.values(service as Record<string, UntypedMethod>).map((method) => {
    // Decoding nothing gives the message's defaults, which lists every field it has.
    const defaults = method.requestDeserialize(Buffer.alloc(0)) as Record<string, unknown>;
    return {
      socket,
      path: method.path,
      name: method.path.split('/').slice(1).join('/'),
      encode: (fields) => {
        const message: Record<string, unknown> = { ...defaults };
        for (const [key, value] of Object.entries(defaults)) {
          // Same-named fields differ in type between messages (CloseIO's stdin is a bool, Exec's a path).
          const fits = value === undefined || typeof value === typeof fields[key];
          if (key in fields && fits) message[key] = fields[key];
        }
        return method.requestSerialize(message);
      },
    };
  });
}

/** Every method of both services the daemon serves. */
export const FUZZ_METHODS: readonly FuzzMethod[] = [
  ...methodsOf('controller', ControllerService),
  ...methodsOf('task', TaskService),
];

/** Real objects for requests to point at, so mutated requests also reach code past the id lookup. */
export interface FuzzTargets {
  sandboxIds: string[];
  containerIds: string[];
  execIds: string[];
  /** A bundle whose config.json names a running sandbox. */
  bundle: string;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

/** A valid request of `method` about one of the targets (or an unknown id), before any mutation. */
export function validRequest(method: FuzzMethod, targets: FuzzTargets, rng: Prng): Buffer {
  const sandboxId = rng.chance(0.9) ? rng.pick(targets.sandboxIds) : `fz-unknown-${rng.int(1000)}`;
  const containerId = rng.chance(0.9) ? rng.pick(targets.containerIds) : `fz-new-${rng.int(100_000)}`;
  if (method.path.endsWith('Controller/Create')) {
    return method.encode({ ...createRequest(`fz-pod-${rng.int(100_000)}`) });
  }
  if (method.socket === 'controller') {
    const { sandbox } = createRequest(sandboxId);
    return method.encode({
      sandboxId,
      sandboxer: 'resource-slot',
      verbose: rng.chance(0.5),
      timeoutSecs: rng.int(3),
      sandbox: sandbox && { ...sandbox, labels: { ...sandbox.labels, fuzz: String(rng.int(100)) } },
      fields: [rng.pick(['labels', 'labels.fuzz', 'extensions', 'spec', 'runtime'])],
    });
  }
  return method.encode({
    id: containerId,
    execId: rng.chance(0.7) ? '' : rng.pick(targets.execIds),
    bundle: targets.bundle,
    rootfs: [],
    signal: rng.pick([0, 9, 15]),
    all: rng.chance(0.2),
    width: 80,
    height: 24,
    stdin: rng.chance(0.5) ? '' : '/run/fifo/stdin',
    now: rng.chance(0.5),
    path: '/tmp/checkpoint',
    annotations: { owner: 'fuzz' },
    resources: {
      typeUrl: 'types.containerd.io/opencontainers/runtime-spec/1/LinuxResources',
      value: json({ memory: { limit: 134217728 }, cpu: { quota: 50000, period: 100000 } }),
    },
    spec: {
      typeUrl: 'types.containerd.io/opencontainers/runtime-spec/1/Process',
      value: json({ args: ['sh', '-c', 'true'], cwd: '/' }),
    },
  });
}
