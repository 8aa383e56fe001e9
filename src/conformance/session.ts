import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import type { ControllerStartResponse } from '../generated/containerd/services/sandbox/v1/sandbox.js';
import type { TaskClient } from '../generated/containerd/runtime/task/v3/shim.js';
import { writeBundle } from './bundle.js';
import { ok, skip } from './verdict.js';
import { controllerApi, dialController, type ControllerApi } from './controller-api.js';
import type { FaultRun } from './fault-run.js';
import { resilientController, resilientTasks } from './resilient-apis.js';
import { codeName, codeOf } from './rpc.js';
import { createRequest } from './sandbox-request.js';
import { dialTasks, taskApi, type TaskApi } from './task-api.js';
import { taskEndpointFor, type TaskSocketMode } from './task-endpoint.js';
import { watch, type Watched } from './watch.js';

export interface SessionOptions {
  socket: string;
  taskSocket: TaskSocketMode;
  sandboxer: string;
  /** Deadline of every call that must answer promptly. */
  callTimeoutMs: number;
  /** How long a Wait must stay pending to count as blocking. */
  waitWindowMs: number;
  /** How long a Wait that should return may take. */
  answerMs: number;
  /** With --faults: every call of the checks goes through its retry layer, and cleanup removes its rules first. */
  faults?: FaultRun;
}

/**
 * What the checks share: the Controller client, fresh ids, and a record of everything created, so `cleanup()` can
 * remove it whatever the checks did.
 */
export class Session {
  readonly api: ControllerApi;
  /** Every id the run makes starts with this, so the sandboxer's call log can be asked for the run's calls. */
  readonly idPrefix = `conformance-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}-`;
  private readonly controller;
  /** Cleanup talks to the sandboxer directly: the plan is gone by then, and it must not end like a check. */
  private readonly rawApi: ControllerApi;
  private readonly rawTasks = new WeakMap<TaskApi, TaskApi>();
  private counter = 0;
  private readonly sandboxes = new Set<string>();
  private readonly tasks: Array<{ api: TaskApi; id: string }> = [];
  private readonly watched = new Set<Watched<unknown>>();
  private readonly taskClients = new Map<string, TaskClient>();
  private bundleRoot: string | null = null;

  constructor(readonly options: SessionOptions) {
    this.controller = dialController(options.socket);
    this.rawApi = controllerApi(this.controller, options.sandboxer, options.callTimeoutMs);
    this.api = options.faults ? resilientController(this.rawApi, options.faults.layer) : this.rawApi;
  }

  /** Resolves once the socket answers, or rejects naming it. */
  connect(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.controller.waitForReady(Date.now() + timeoutMs, (error) =>
        error ? reject(new Error(`cannot reach ${this.options.socket}: ${error.message}`)) : resolve(),
      ),
    );
  }

  /** An id no sandboxer has seen: `conformance-<run>-<n>`, or with `-unknown` for ids that are never created. */
  newId(kind: 'pod' | 'ctr' | 'unknown'): string {
    this.counter += 1;
    return `${this.idPrefix}${kind}-${this.counter}`;
  }

  async createSandbox(): Promise<string> {
    const id = this.newId('pod');
    this.sandboxes.add(id);
    await ok('Create', this.api.create(createRequest(id, this.options.sandboxer)));
    return id;
  }

  async startSandbox(): Promise<{ id: string; started: ControllerStartResponse }> {
    const id = await this.createSandbox();
    return { id, started: await ok('Start', this.api.start(id)) };
  }

  waitSandbox(id: string): Watched<{ exitStatus: number }> {
    return this.track(watch(this.api.wait(id)));
  }

  /** The task API to use with a started sandbox; the check is skipped when there is none. */
  tasksFor(started: ControllerStartResponse): TaskApi {
    const endpoint = taskEndpointFor(this.options.taskSocket, started.address);
    if (endpoint.kind === 'none') skip(endpoint.why);
    let client = this.taskClients.get(endpoint.target);
    if (!client) this.taskClients.set(endpoint.target, (client = dialTasks(endpoint.target)));
    const tasks = taskApi(client, this.options.callTimeoutMs);
    if (!this.options.faults) return tasks;
    const resilient = resilientTasks(tasks, this.options.faults.layer);
    this.rawTasks.set(resilient, tasks);
    return resilient;
  }

  /** Writes a bundle for a new container of `sandboxId` and creates its task; answers the task id and pid. */
  async createTask(tasks: TaskApi, sandboxId: string): Promise<{ id: string; pid: number }> {
    this.bundleRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), 'resource-slot-conformance-'));
    const id = this.newId('ctr');
    this.tasks.push({ api: this.rawTasks.get(tasks) ?? tasks, id });
    const { pid } = await ok('task Create', tasks.create(id, writeBundle(this.bundleRoot, id, sandboxId)));
    return { id, pid };
  }

  waitTask(tasks: TaskApi, id: string): Watched<{ exitStatus: number }> {
    return this.track(watch(tasks.wait(id)));
  }

  private track<T>(watched: Watched<T>): Watched<T> {
    this.watched.add(watched);
    return watched;
  }

  /**
   * Removes everything the run created: the fault plan's rules first, so they cannot disturb the rest; then tasks
   * are killed and deleted, sandboxes stopped and shut down (which deletes their tasks too, contract A6). Answers
   * the problems seen; NotFound means it is already gone.
   */
  async cleanup(): Promise<string[]> {
    const problems = (await this.options.faults?.sandboxer.removeAdded()) ?? [];
    for (const watched of this.watched) watched.cancel();
    for (const { api, id } of this.tasks.reverse()) {
      await codeOf(api.kill(id, 9));
      await codeOf(api.delete(id));
    }
    for (const id of this.sandboxes) {
      for (const [call, answer] of [
        ['Stop', () => this.rawApi.stop(id)],
        ['Shutdown', () => this.rawApi.shutdown(id)],
      ] as const) {
        const code = await codeOf(answer());
        if (code !== status.OK && code !== status.NOT_FOUND) {
          problems.push(`cleanup: ${call} of ${id} answered ${codeName(code)}`);
        }
      }
    }
    for (const client of this.taskClients.values()) client.close();
    this.controller.close();
    if (this.bundleRoot) fs.rmSync(this.bundleRoot, { recursive: true, force: true });
    return problems;
  }
}
