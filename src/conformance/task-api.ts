import { credentials } from '@grpc/grpc-js';
import { TaskClient, type WaitResponse } from '../generated/containerd/runtime/task/v3/shim.js';
import { unaryCall, type Pending, type UnaryMethod } from './rpc.js';

export type TaskApi = ReturnType<typeof taskApi>;

/** LinuxResources travel as JSON in an Any with this type URL (contract B3, `update`). */
/** An exec'd process's spec travels as OCI Process JSON in an Any with this type URL (contract B3, `exec`). */
const OCI_PROCESS_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/Process';
const LINUX_RESOURCES_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/LinuxResources';

/** The containerd.task.v3.Task calls a real containerd sends for a container (contract B3). */
export function taskApi(client: TaskClient, timeoutMs: number) {
  const call = <Req, Res>(method: UnaryMethod<Req, Res>, request: Req): Promise<Res> =>
    unaryCall(method.bind(client), request, timeoutMs).answer;
  return {
    create: (id: string, bundle: string) =>
      call(client.create, {
        id,
        bundle,
        rootfs: [],
        terminal: false,
        stdin: '',
        stdout: '',
        stderr: '',
        checkpoint: '',
        parentCheckpoint: '',
      }),
    connect: (id: string) => call(client.connect, { id }),
    start: (id: string) => call(client.start, { id, execId: '' }),
    state: (id: string) => call(client.state, { id, execId: '' }),
    pids: (id: string) => call(client.pids, { id }),
    kill: (id: string, signal: number) => call(client.kill, { id, execId: '', signal, all: false }),
    delete: (id: string) => call(client.delete, { id, execId: '' }),
    pause: (id: string) => call(client.pause, { id }),
    resume: (id: string) => call(client.resume, { id }),
    shutdown: (id: string) => call(client.shutdown, { id, now: false }),
    exec: (id: string, execId: string) =>
      call(client.exec, {
        id,
        execId,
        terminal: false,
        stdin: '',
        stdout: '',
        stderr: '',
        spec: {
          typeUrl: OCI_PROCESS_TYPE_URL,
          value: Buffer.from(JSON.stringify({ args: ['true'], cwd: '/' })),
        },
      }),
    update: (id: string, resources: object) =>
      call(client.update, {
        id,
        resources: { typeUrl: LINUX_RESOURCES_TYPE_URL, value: Buffer.from(JSON.stringify(resources)) },
        annotations: {},
      }),
    wait: (id: string): Pending<WaitResponse> =>
      unaryCall(client.wait.bind(client), { id, execId: '' }, null),
  };
}

export function dialTasks(target: string): TaskClient {
  return new TaskClient(target, credentials.createInsecure());
}
