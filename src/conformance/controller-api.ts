import { credentials } from '@grpc/grpc-js';
import {
  ControllerClient,
  type ControllerCreateRequest,
  type ControllerWaitResponse,
} from '../generated/containerd/services/sandbox/v1/sandbox.js';
import { Sandbox } from '../generated/containerd/types/sandbox.js';
import { unaryCall, type Pending, type UnaryMethod } from './rpc.js';

export type ControllerApi = ReturnType<typeof controllerApi>;

/** The Controller calls containerd's sandbox proxy makes, as promises with a deadline (Wait has none). */
export function controllerApi(client: ControllerClient, sandboxer: string, timeoutMs: number) {
  const call = <Req, Res>(method: UnaryMethod<Req, Res>, request: Req): Promise<Res> =>
    unaryCall(method.bind(client), request, timeoutMs).answer;
  return {
    create: (request: ControllerCreateRequest) => call(client.create, request),
    start: (sandboxId: string) => call(client.start, { sandboxId, sandboxer }),
    platform: (sandboxId: string) => call(client.platform, { sandboxId, sandboxer }),
    stop: (sandboxId: string) => call(client.stop, { sandboxId, timeoutSecs: 0, sandboxer }),
    status: (sandboxId: string, verbose = false) => call(client.status, { sandboxId, verbose, sandboxer }),
    shutdown: (sandboxId: string) => call(client.shutdown, { sandboxId, sandboxer }),
    /** containerd leaves `sandboxer` empty on Update (contract A1). */
    updateLabel: (sandboxId: string, key: string, value: string) =>
      call(client.update, {
        sandboxId,
        sandboxer: '',
        sandbox: Sandbox.fromPartial({ sandboxId, labels: { [key]: value } }),
        fields: [`labels.${key}`],
      }),
    wait: (sandboxId: string): Pending<ControllerWaitResponse> =>
      unaryCall(client.wait.bind(client), { sandboxId, sandboxer }, null),
  };
}

export function dialController(socket: string): ControllerClient {
  return new ControllerClient(`unix:${socket}`, credentials.createInsecure());
}
