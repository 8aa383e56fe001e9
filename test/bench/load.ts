/**
 * What the client workers send: sandbox lifecycles (optionally with containers driven through the Task API), fills
 * that leave sandboxes running, and task Stats polls of the containers a fill left running. Ids are `<prefix>-<index>`, containers `<sandbox id>-c<k>`; the bundle of a
 * container is `<bundles>/<container id>` (written up front by `bundles.ts`).
 */
import path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { ControllerClient } from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { TaskClient } from '../../src/generated/containerd/runtime/task/v3/shim.js';
import { CGROUP_V2_METRICS_TYPE_URL } from '../../src/stats/cgroup-metrics.js';
import { controllerCalls, createRequest, podConfig } from '../helpers/requests.js';
import { taskCalls } from '../helpers/tasks.js';
import { LatencyRecorder } from './stats.js';

export interface Endpoints {
  controllerSocket: string;
  taskSocket: string;
}

export interface LoadShape {
  prefix: string;
  containers: number;
  /** Directory holding one bundle per container id; required when `containers > 0`. */
  bundles: string | null;
}

export const sandboxId = (prefix: string, index: number): string => `${prefix}-${index}`;
export const containerId = (sandbox: string, k: number): string => `${sandbox}-c${k}`;

const SIGKILL = 9;

/** The calls of one lifecycle or fill step, each timed into the recorder under its method name. */
export class Driver {
  private readonly controller: ControllerClient;
  private readonly task: TaskClient;
  private readonly sandboxCalls: ReturnType<typeof controllerCalls>;
  private readonly taskCalls: ReturnType<typeof taskCalls>;
  private readonly template = createRequest('template');
  errors = 0;
  /** Size of the metrics (the Any's value) in the last Stats or Metrics answer, bytes. */
  statsBytes = 0;
  readonly errorMessages = new Map<string, number>();
  calls = 0;

  constructor(
    endpoints: Endpoints,
    private readonly shape: LoadShape,
    public recorder: LatencyRecorder = new LatencyRecorder(),
  ) {
    this.controller = new ControllerClient(
      `unix:${endpoints.controllerSocket}`,
      credentials.createInsecure(),
    );
    this.task = new TaskClient(`unix:${endpoints.taskSocket}`, credentials.createInsecure());
    this.sandboxCalls = controllerCalls(this.controller);
    this.taskCalls = taskCalls(this.task);
  }

  close(): void {
    this.controller.close();
    this.task.close();
  }

  private async timed<T>(method: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await call();
    this.recorder.record(method, (performance.now() - started) * 1000);
    this.calls++;
    return result;
  }

  private bundle(container: string): string {
    if (!this.shape.bundles) throw new Error('containers need a bundles directory');
    return path.join(this.shape.bundles, container);
  }

  /** Create → Start → Status → (containers: Create, Start; Wait, Kill, Delete) → Stop → Wait → Shutdown. */
  async lifecycle(index: number): Promise<void> {
    const id = sandboxId(this.shape.prefix, index);
    const sandbox = this.sandboxCalls;
    const task = this.taskCalls;
    await this.timed('Create', () => sandbox.create(this.createRequestFor(id)));
    await this.timed('Start', () => sandbox.start(id));
    await this.timed('Status', () => sandbox.status(id));
    const containers = Array.from({ length: this.shape.containers }, (_, k) => containerId(id, k));
    for (const container of containers) {
      await this.timed('task.Create', () => task.create(container, this.bundle(container)));
      await this.timed('task.Start', () => task.start(container));
    }
    for (const container of containers) {
      const exited = this.timed('task.Wait', () => task.wait(container));
      await this.timed('task.Kill', () => task.kill(container, SIGKILL));
      await exited;
      await this.timed('task.Delete', () => task.delete(container));
    }
    await this.timed('Stop', () => sandbox.stop(id));
    await this.timed('Wait', () => sandbox.wait(id));
    await this.timed('Shutdown', () => sandbox.shutdown(id));
  }

  /** Leaves the sandbox running with its containers running. */
  async fill(index: number): Promise<void> {
    const id = sandboxId(this.shape.prefix, index);
    // A pod of its own (name, uid, hostname, log directory), as the sandboxes a node holds are: what memory
    // keeps per sandbox must not be flattered by every sandbox sharing one config.
    const request = createRequest(id, podConfig({}, id));
    await this.timed('Create', () => this.sandboxCalls.create(request));
    await this.timed('Start', () => this.sandboxCalls.start(id));
    for (let k = 0; k < this.shape.containers; k++) {
      const container = containerId(id, k);
      await this.timed('task.Create', () => this.taskCalls.create(container, this.bundle(container)));
      await this.timed('task.Start', () => this.taskCalls.start(container));
    }
  }

  /** One task Stats call for container `k` of sandbox `index`, as containerd's metrics poll sends it. */
  async stats(index: number, k = 0): Promise<void> {
    const container = containerId(sandboxId(this.shape.prefix, index), k);
    const answer = await this.timed('task.Stats', () => this.taskCalls.stats(container));
    // An answer without metrics would be cheap and wrong: count it as a failure.
    if (answer.stats?.typeUrl !== CGROUP_V2_METRICS_TYPE_URL)
      throw new Error(`Stats of ${container} answered type '${answer.stats?.typeUrl ?? 'none'}'`);
    this.statsBytes = answer.stats.value.length;
  }

  /** One Controller Metrics call for sandbox `index`, as containerd's CRI asks a pod sandbox's stats. */
  async metrics(index: number): Promise<void> {
    const id = sandboxId(this.shape.prefix, index);
    const answer = await this.timed('Metrics', () => this.sandboxCalls.metrics(id));
    const data = answer.metrics?.data;
    if (data?.typeUrl !== CGROUP_V2_METRICS_TYPE_URL)
      throw new Error(`Metrics of ${id} answered type '${data?.typeUrl ?? 'none'}'`);
    this.statsBytes = data.value.length;
  }

  /**
   * The Create request containerd's CRI plugin sends, for the lifecycles: the pod config is encoded once, not per
   * call, so the client's cost stays low (those sandboxes live for a few calls; fill encodes one per sandbox).
   */
  private createRequestFor(id: string): ReturnType<typeof createRequest> {
    const { template } = this;
    return {
      ...template,
      sandboxId: id,
      sandbox: template.sandbox ? { ...template.sandbox, sandboxId: id } : undefined,
    };
  }

  /** Runs `step` for every index in [from, to) with `concurrency` steps in flight; failures are counted. */
  async run(
    step: (index: number) => Promise<void>,
    from: number,
    to: number,
    concurrency: number,
  ): Promise<void> {
    let next = from;
    const loop = async (): Promise<void> => {
      while (next < to) {
        const index = next++;
        try {
          await step(index);
        } catch (error) {
          this.errors++;
          const message = error instanceof Error ? error.message : String(error);
          this.errorMessages.set(message, (this.errorMessages.get(message) ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, loop));
  }
}
