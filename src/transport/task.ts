import type { Logger } from 'pino';
import type { Actor } from 'xstate';
import type { SupervisorMachine } from '../../machines/supervisor.machine.js';
import { afterExit } from '../containers/exited.js';
import type { StdinDrains } from '../containers/stdin.js';
import { createTaskCommandFrom, execRecordFrom, resourcesUpdateFrom } from '../containers/task-command.js';
import { validateSignal } from '../containers/signal.js';
import { UnimplementedError } from '../core/errors.js';
import type { TaskServer } from '../generated/containerd/runtime/task/v3/shim.js';
import { Status } from '../generated/containerd/types/task/task.js';
import { validateId } from '../sandbox/ids.js';
import { toTimestamp } from '../sandbox/time.js';
import { cgroupV2MetricsAny } from '../stats/cgroup-metrics.js';
import type { UsageSampler } from '../workload/sampler.js';
import type { ExitTimer } from '../exits/exit-timer.js';
import { ask } from './ask.js';
import { unaryHandler, untilCancelled, type AroundCall } from './unary.js';

export interface TaskDeps {
  supervisor: Actor<SupervisorMachine>;
  log: Logger;
  /** Every process's stdin FIFO is drained while containerd may write to it (src/containers/stdin.ts). */
  stdin: StdinDrains;
  /** The simulated usage Stats answers with (src/workload/). */
  usage: UsageSampler;
  /** Arms a started container's scripted exit (src/exits/). */
  exits: ExitTimer;
  /** Sees every call first: fault injection and the call log (src/transport/fault-gate.ts). */
  around?: AroundCall;
}

const STATUS: Record<string, Status> = {
  created: Status.CREATED,
  running: Status.RUNNING,
  paused: Status.PAUSED,
  stopped: Status.STOPPED,
  deleted: Status.STOPPED,
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The version string Connect reports for the task service (containerd only logs it). */
const TASK_SERVICE_VERSION = 'resource-slot/v3';

/**
 * containerd.task.v3.Task for every container of every sandbox, on one socket. Decodes and validates each call,
 * turns it into a supervisor request and encodes the answer; nothing is executed. Of the IO FIFOs containerd made,
 * stdin is drained (its writer would block otherwise) and stdout/stderr get EOF once the process exited.
 */
export function taskService({ supervisor, log, stdin, usage, exits, around }: TaskDeps): TaskServer {
  const unary = unaryHandler(
    log,
    (request) => ({
      containerId: text((request as { id?: unknown }).id),
      execId: text((request as { execId?: unknown }).execId),
    }),
    around,
  );
  const target = (request: { id: string; execId?: string }) => ({
    containerId: validateId(request.id, 'id'),
    execId: request.execId ? validateId(request.execId, 'exec_id') : '',
  });
  const state = (request: { id: string; execId?: string }) => ask(supervisor, 'task.state', target(request));
  // Not awaited: containerd waits for EOF on an exited process's output only after it has our answer.
  // A process deleted in between has no output left to end.
  const endOutputIfExited = (request: { id: string; execId?: string }): void => {
    void state(request).then(
      (view) => {
        if (view.finished) return afterExit(view, stdin, log);
      },
      () => undefined,
    );
  };

  return {
    create: unary('Create', async (request) => {
      const command = await createTaskCommandFrom(request);
      log.info(
        { sandboxId: command.sandboxId, containerId: command.containerId },
        'Creating ResourceSlot container',
      );
      log.debug(
        { containerId: command.containerId, resources: command.resources },
        'Extracted container resources',
      );
      const view = await ask(supervisor, 'task.create', { command });
      void stdin.open(
        { sandboxId: command.sandboxId, containerId: command.containerId, execId: '' },
        command.record.stdin,
      );
      return { pid: view.pid };
    }),

    start: unary('Start', async (request) => {
      const view = await ask(supervisor, 'task.start', target(request));
      // Start answers with the started process; an exec'd one has exited by now.
      endOutputIfExited(request);
      if (view.execId === '') exits.arm(view.containerId);
      return { pid: view.pid };
    }),

    delete: unary('Delete', async (request) => {
      const view = await ask(supervisor, 'task.delete', target(request));
      if (view.execId === '') stdin.closeContainer(view.containerId, 'task deleted');
      else stdin.close(view.containerId, view.execId, 'process deleted');
      return {
        pid: view.pid,
        exitStatus: view.exitStatus ?? 0,
        exitedAt: view.exitedAt === null ? undefined : toTimestamp(view.exitedAt),
      };
    }),

    state: unary('State', async (request) => {
      const view = await state(request);
      const { record } = view;
      return {
        id: view.containerId,
        bundle: text(record.bundle),
        pid: view.pid,
        status: STATUS[view.state] ?? Status.UNKNOWN,
        stdin: text(record.stdin),
        stdout: text(record.stdout),
        stderr: text(record.stderr),
        terminal: record.terminal === true,
        exitStatus: view.exitStatus ?? 0,
        exitedAt: view.exitedAt === null ? undefined : toTimestamp(view.exitedAt),
        execId: view.execId,
      };
    }),

    pids: unary('Pids', async (request) => {
      const containerId = validateId(request.id, 'id');
      const pids = await ask(supervisor, 'task.pids', { containerId });
      return { processes: pids.map((pid) => ({ pid, info: undefined })) };
    }),

    pause: unary('Pause', async (request) => {
      const containerId = validateId(request.id, 'id');
      await ask(supervisor, 'task.pause', { containerId });
      return {};
    }),

    resume: unary('Resume', async (request) => {
      const containerId = validateId(request.id, 'id');
      await ask(supervisor, 'task.resume', { containerId });
      return {};
    }),

    checkpoint: unary('Checkpoint', async (request) => {
      validateId(request.id, 'id');
      throw new UnimplementedError(
        'Checkpoint is not implemented: ResourceSlot runs no process to checkpoint',
      );
    }),

    kill: unary('Kill', async (request) => {
      const signal = validateSignal(request.signal, 'signal');
      await ask(supervisor, 'task.kill', { ...target(request), signal, all: request.all });
      endOutputIfExited(request);
      return {};
    }),

    exec: unary('Exec', async (request) => {
      const record = execRecordFrom(request);
      const view = await ask(supervisor, 'task.exec', { ...target(request), record });
      void stdin.open(
        { sandboxId: view.sandboxId, containerId: view.containerId, execId: view.execId },
        record.stdin,
      );
      return {};
    }),

    resizePty: unary('ResizePty', async (request) => {
      await state(request);
      return {};
    }),

    closeIo: unary('CloseIO', async (request) => {
      const view = await state(request);
      if (request.stdin) stdin.close(view.containerId, view.execId, 'CloseIO');
      return {};
    }),

    update: unary('Update', async (request) => {
      const containerId = validateId(request.id, 'id');
      const update = resourcesUpdateFrom(request.resources);
      await ask(supervisor, 'task.update', { containerId, update });
      return {};
    }),

    wait: unary('Wait', async (request, call) => {
      const exit = await untilCancelled(call, (signal) =>
        ask(supervisor, 'task.wait', { ...target(request), signal }),
      );
      return { exitStatus: exit.exitStatus, exitedAt: toTimestamp(exit.exitedAt) };
    }),

    stats: unary('Stats', async (request) => {
      const view = await ask(supervisor, 'task.stats', { containerId: validateId(request.id, 'id') });
      return { stats: cgroupV2MetricsAny(usage.sample(view)) };
    }),

    connect: unary('Connect', async (request) => {
      const view = await state({ id: request.id });
      return { shimPid: process.pid, taskPid: view.pid, version: TASK_SERVICE_VERSION };
    }),

    // containerd sends Shutdown for every task it is done with; the server serves all sandboxes and stays up.
    shutdown: unary('Shutdown', async (request) => {
      validateId(request.id, 'id');
      return {};
    }),
  };
}
