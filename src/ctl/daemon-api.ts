import path from 'node:path';
import { credentials, Metadata, status, type ClientReadableStream } from '@grpc/grpc-js';
import {
  ControllerClient,
  type ControllerCreateRequest,
  type ControllerStatusResponse,
} from '../generated/containerd/services/sandbox/v1/sandbox.js';
import {
  TaskClient,
  type CreateTaskRequest,
  type DeleteResponse,
  type StateResponse,
  type WaitResponse,
} from '../generated/containerd/runtime/task/v3/shim.js';
import {
  InspectClient,
  type CallRecord,
  type Container,
  type ListCallsRequest,
  type ListCallsResponse,
  type HistoryRequest,
  type HistoryResponse,
  type ListOrphansResponse,
  type NodeResponse,
  type Sandbox,
  type Transition,
  type UsageResponse,
  type VersionResponse,
  type WatchCallsRequest,
} from '../generated/resourceslot/v1/inspect.js';
import { FaultsClient, type FaultRule } from '../generated/resourceslot/v1/faults.js';
import {
  PlanningClient,
  type CostRequest,
  type CostResponse,
  type PlanRequest,
  type PlanResponse,
} from '../generated/resourceslot/v1/planning.js';
import { CtlError } from './errors.js';
import { callUnary, type UnaryMethod } from './grpc-call.js';

export interface DaemonApiOptions {
  /** The daemon's Controller socket (it serves resourceslot.v1.Inspect and Faults too). */
  socket: string;
  /** The task API socket; when absent it is taken from the sandbox's Status address. */
  taskSocket?: string;
  /** Deadline of each call. */
  timeoutMs: number;
}

/** What containerd names the sandboxer in Controller requests; the daemon only records it. */
export const SANDBOXER = 'resource-slot-ctl';

const TASK_ADDRESS_SCHEME = 'grpc+';

/**
 * The daemon's services as promise-returning calls. Clients are created on first use and closed by
 * `close()`, which every ctl run calls on its way out.
 */
export class DaemonApi {
  private controllerClient?: ControllerClient;
  private inspectClient?: InspectClient;
  private faultsClient?: FaultsClient;
  private taskClient?: TaskClient;
  private planningClient?: PlanningClient;
  private readonly metadata = new Metadata();

  constructor(readonly options: DaemonApiOptions) {}

  private unary<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, timeoutMs = this.options.timeoutMs) {
    return callUnary(method, request, this.metadata, timeoutMs);
  }

  private get controller(): ControllerClient {
    this.controllerClient ??= new ControllerClient(
      `unix:${this.options.socket}`,
      credentials.createInsecure(),
    );
    return this.controllerClient;
  }

  private get inspect(): InspectClient {
    this.inspectClient ??= new InspectClient(`unix:${this.options.socket}`, credentials.createInsecure());
    return this.inspectClient;
  }

  private get faults(): FaultsClient {
    this.faultsClient ??= new FaultsClient(`unix:${this.options.socket}`, credentials.createInsecure());
    return this.faultsClient;
  }

  private get planning(): PlanningClient {
    this.planningClient ??= new PlanningClient(`unix:${this.options.socket}`, credentials.createInsecure());
    return this.planningClient;
  }

  // ---- resourceslot.v1.Inspect ----

  async list(): Promise<Sandbox[]> {
    const c = this.inspect;
    return (await this.unary(c.list.bind(c), {})).sandboxes;
  }

  async getSandbox(id: string): Promise<Sandbox> {
    const c = this.inspect;
    const { actor } = await this.unary(c.get.bind(c), { id });
    if (actor?.$case !== 'sandbox') throw new CtlError(`${id} is not a pod sandbox`, 'NOT_FOUND');
    return actor.value;
  }

  async getContainer(id: string): Promise<Container> {
    const c = this.inspect;
    const { actor } = await this.unary(c.get.bind(c), { id });
    if (actor?.$case !== 'container') throw new CtlError(`${id} is not a container`, 'NOT_FOUND');
    return actor.value;
  }

  version(): Promise<VersionResponse> {
    const c = this.inspect;
    return this.unary(c.version.bind(c), {});
  }

  /** What the daemon's containerd (--containerd-address) does not know; the daemon asks containerd. */
  listOrphans(): Promise<ListOrphansResponse> {
    const c = this.inspect;
    return this.unary(c.listOrphans.bind(c), {});
  }

  /** The simulated usage of every live pod and its containers, or of one pod (its full id). */
  usage(sandboxId = ''): Promise<UsageResponse> {
    const c = this.inspect;
    return this.unary(c.usage.bind(c), { sandboxId });
  }

  /** The simulated node: resources, allocation, usage, admission; with `findings`, every pod's findings. */
  node(findings: boolean): Promise<NodeResponse> {
    const c = this.inspect;
    return this.unary(c.node.bind(c), { findings });
  }

  /** The usage history (docs/history.md): every pod's series, or one pod's, with its containers' when asked. */
  history(request: HistoryRequest): Promise<HistoryResponse> {
    const c = this.inspect;
    return this.unary(c.history.bind(c), request);
  }

  watch(): ClientReadableStream<Transition> {
    return this.inspect.watch({}, this.metadata);
  }

  listCalls(request: ListCallsRequest): Promise<ListCallsResponse> {
    const c = this.inspect;
    return this.unary(c.listCalls.bind(c), request);
  }

  watchCalls(request: WatchCallsRequest): ClientReadableStream<CallRecord> {
    return this.inspect.watchCalls(request, this.metadata);
  }

  // ---- resourceslot.v1.Faults ----

  async addFaultRule(rule: string): Promise<FaultRule> {
    const c = this.faults;
    const added = (await this.unary(c.addRule.bind(c), { rule })).rule;
    if (!added) throw new CtlError('the daemon answered AddRule without the rule it added', 'INTERNAL');
    return added;
  }

  async listFaultRules(): Promise<FaultRule[]> {
    const c = this.faults;
    return (await this.unary(c.listRules.bind(c), {})).rules;
  }

  async removeFaultRule(id: string): Promise<void> {
    const c = this.faults;
    await this.unary(c.removeRule.bind(c), { id });
  }

  /** How many rules there were. */
  async clearFaultRules(): Promise<number> {
    const c = this.faults;
    return (await this.unary(c.clearRules.bind(c), {})).removed;
  }

  // ---- resourceslot.v1.Planning ----

  cost(request: CostRequest): Promise<CostResponse> {
    const c = this.planning;
    return this.unary(c.cost.bind(c), request);
  }

  plan(request: PlanRequest): Promise<PlanResponse> {
    const c = this.planning;
    return this.unary(c.plan.bind(c), request);
  }

  // ---- containerd.services.sandbox.v1.Controller ----

  async createSandbox(request: ControllerCreateRequest): Promise<void> {
    const c = this.controller;
    await this.unary(c.create.bind(c), request);
  }

  async startSandbox(sandboxId: string): Promise<string> {
    const c = this.controller;
    return (await this.unary(c.start.bind(c), { sandboxId, sandboxer: SANDBOXER })).address;
  }

  async stopSandbox(sandboxId: string): Promise<void> {
    const c = this.controller;
    await this.unary(c.stop.bind(c), { sandboxId, sandboxer: SANDBOXER, timeoutSecs: 0 });
  }

  async shutdownSandbox(sandboxId: string): Promise<void> {
    const c = this.controller;
    await this.unary(c.shutdown.bind(c), { sandboxId, sandboxer: SANDBOXER });
  }

  sandboxStatus(sandboxId: string, verbose: boolean): Promise<ControllerStatusResponse> {
    const c = this.controller;
    return this.unary(c.status.bind(c), { sandboxId, verbose, sandboxer: SANDBOXER });
  }

  // ---- containerd.task.v3.Task (the socket of the sandbox's task address) ----

  private async task(sandboxId: string): Promise<TaskClient> {
    if (!this.taskClient) {
      const socket =
        this.options.taskSocket ?? taskSocketOf((await this.sandboxStatus(sandboxId, false)).address);
      this.taskClient = new TaskClient(`unix:${socket}`, credentials.createInsecure());
    }
    return this.taskClient;
  }

  async createTask(sandboxId: string, request: CreateTaskRequest): Promise<void> {
    const c = await this.task(sandboxId);
    await this.unary(c.create.bind(c), request);
  }

  async startTask(sandboxId: string, id: string): Promise<void> {
    const c = await this.task(sandboxId);
    await this.unary(c.start.bind(c), { id, execId: '' });
  }

  async killTask(sandboxId: string, id: string, signal: number): Promise<void> {
    const c = await this.task(sandboxId);
    await this.unary(c.kill.bind(c), { id, execId: '', signal, all: false });
  }

  /** Resolves with the exit, or null when the task has not exited within `timeoutMs`. */
  async waitTask(sandboxId: string, id: string, timeoutMs: number): Promise<WaitResponse | null> {
    const c = await this.task(sandboxId);
    try {
      return await this.unary(c.wait.bind(c), { id, execId: '' }, timeoutMs);
    } catch (error) {
      if ((error as { code?: unknown }).code === status.DEADLINE_EXCEEDED) return null;
      throw error;
    }
  }

  async deleteTask(sandboxId: string, id: string): Promise<DeleteResponse> {
    const c = await this.task(sandboxId);
    return this.unary(c.delete.bind(c), { id, execId: '' });
  }

  async taskState(sandboxId: string, id: string): Promise<StateResponse> {
    const c = await this.task(sandboxId);
    return this.unary(c.state.bind(c), { id, execId: '' });
  }

  close(): void {
    this.controllerClient?.close();
    this.inspectClient?.close();
    this.faultsClient?.close();
    this.taskClient?.close();
    this.planningClient?.close();
  }
}

/** containerd dials a `grpc+<path>` task address as a unix socket path. */
export function taskSocketOf(address: string): string {
  if (
    !address.startsWith(TASK_ADDRESS_SCHEME) ||
    !path.isAbsolute(address.slice(TASK_ADDRESS_SCHEME.length))
  ) {
    throw new CtlError(
      `the daemon reports task address ${JSON.stringify(address)}, not grpc+<absolute socket path>; pass --task-socket`,
      'FAILED_PRECONDITION',
    );
  }
  return address.slice(TASK_ADDRESS_SCHEME.length);
}
