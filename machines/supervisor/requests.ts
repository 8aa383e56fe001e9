import type { Exit } from '../../src/core/exit.js';
import type { JsonObject } from '../../src/core/json.js';
import type { Reply } from '../../src/core/reply.js';
import type { RecoveredSandbox } from './actor-store.js';
import type { KuasarTask } from './kuasar-diff.js';
import type { SandboxUpdate } from './ports.js';
import type { ProcessView, SandboxView, UsageView } from './views.js';

export interface CreateSandboxCommand {
  sandboxId: string;
  record: JsonObject;
  resources: JsonObject;
}

export interface CreateTaskCommand {
  containerId: string;
  sandboxId: string;
  record: JsonObject;
  resources: JsonObject;
}

/** Which process of a container a task call names: execId "" is the container's init process. */
export interface TaskTarget {
  containerId: string;
  execId: string;
}

/**
 * Every request the supervisor answers, as plain data (so each can be logged, inspected and replayed) with the
 * `reply` its answer goes to. The answer's type is part of the request: see `AnswerOf`.
 */
export type SupervisorRequest =
  | { type: 'sandbox.create'; command: CreateSandboxCommand; reply: Reply<SandboxView> }
  | { type: 'sandbox.start'; sandboxId: string; reply: Reply<SandboxView> }
  | { type: 'sandbox.stop'; sandboxId: string; reply: Reply<SandboxView | null> }
  /** The sandbox dies by itself (docs/faults.md), at the time its script said: only the run started at `startedAt`. */
  | {
      type: 'sandbox.exit';
      sandboxId: string;
      startedAt: number;
      at: number;
      exitStatus: number;
      reply: Reply<SandboxView>;
    }
  | { type: 'sandbox.wait'; sandboxId: string; signal: AbortSignal; reply: Reply<Exit> }
  | { type: 'sandbox.status'; sandboxId: string; reply: Reply<SandboxView> }
  | { type: 'sandbox.shutdown'; sandboxId: string; reply: Reply<void> }
  | { type: 'sandbox.update'; sandboxId: string; update: SandboxUpdate; reply: Reply<SandboxView> }
  /** The usage views of the sandbox's containers (Controller Metrics): the sandbox and each container. */
  | {
      type: 'sandbox.metrics';
      sandboxId: string;
      reply: Reply<{ sandbox: SandboxView; containers: UsageView[] }>;
    }
  | {
      /** Kuasar's fork protocol: an Update naming "extensions.tasks" carries the sandbox's whole task list. */
      type: 'sandbox.sync-tasks';
      sandboxId: string;
      desired: KuasarTask[];
      /** Each desired task's resources, extracted (and validated) from its spec by the transport. */
      resources: Record<string, JsonObject>;
      /** The sandbox record change that stores the extension itself. */
      update: SandboxUpdate;
      reply: Reply<void>;
    }
  | { type: 'task.create'; command: CreateTaskCommand; reply: Reply<ProcessView> }
  | ({ type: 'task.start'; reply: Reply<ProcessView> } & TaskTarget)
  | ({ type: 'task.kill'; signal: number; all: boolean; reply: Reply<void> } & TaskTarget)
  | ({ type: 'task.delete'; reply: Reply<ProcessView> } & TaskTarget)
  | ({ type: 'task.state'; reply: Reply<ProcessView> } & TaskTarget)
  | ({ type: 'task.wait'; signal: AbortSignal; reply: Reply<Exit> } & TaskTarget)
  | { type: 'task.pause'; containerId: string; reply: Reply<void> }
  | { type: 'task.resume'; containerId: string; reply: Reply<void> }
  | ({ type: 'task.exec'; record: JsonObject; reply: Reply<ProcessView> } & TaskTarget)
  /** `update` is the call's LinuxResources in proto3 JSON, checked by the transport. */
  | { type: 'task.update'; containerId: string; update: JsonObject; reply: Reply<void> }
  | { type: 'task.pids'; containerId: string; reply: Reply<number[]> }
  /**
   * A container's process ends by itself at `at` (its workload script, src/workload/exits.ts). `startedAt` names the
   * run the script was armed for: a container started again since (or gone) is not this run.
   */
  | {
      type: 'task.exit';
      containerId: string;
      startedAt: number;
      at: number;
      exitStatus: number;
      reply: Reply<ProcessView>;
    }
  /** What task Stats samples the usage model with. */
  | { type: 'task.stats'; containerId: string; reply: Reply<UsageView> }
  | {
      /** Actors from the state dir at start-up. Answers with the ids that could not be restored. */
      type: 'supervisor.restore';
      sandboxes: RecoveredSandbox[];
      reply: Reply<string[]>;
    }
  | {
      /** After a failed write: put the sandbox back as its files say (null: it was never durable). */
      type: 'supervisor.rollback';
      sandboxId: string;
      recovered: RecoveredSandbox | null;
      reply: Reply<void>;
    };

export type RequestType = SupervisorRequest['type'];
export type RequestOf<K extends RequestType> = Extract<SupervisorRequest, { type: K }>;
/** What a request of type K answers with, read from its `reply`. */
export type AnswerOf<K extends RequestType> = RequestOf<K>['reply'] extends Reply<infer A> ? A : never;

export type SupervisorEvent = SupervisorRequest | { type: 'supervisor.drain' };
