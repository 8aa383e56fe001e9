import type { Logger } from 'pino';
import type { Actor } from 'xstate';
import type { SandboxView, SupervisorMachine } from '../../machines/supervisor.machine.js';
import { CONTAINERD_NAMESPACE_HEADER } from '../core/containerd-namespace.js';
import type { ControllerServer } from '../generated/containerd/services/sandbox/v1/sandbox.js';
import { validateId } from '../sandbox/ids.js';
import { containerdNamespaceOf, createCommandFrom, recordOf, sandboxOf } from '../sandbox/record.js';
import { verboseInfo } from '../sandbox/status-info.js';
import { toTimestamp } from '../sandbox/time.js';
import { sandboxUpdateFrom } from '../sandbox/update.js';
import { kuasarTasksFrom } from '../containers/kuasar-update.js';
import type { StdinDrains } from '../containers/stdin.js';
import { cgroupV2MetricsAny } from '../stats/cgroup-metrics.js';
import type { UsageSampler } from '../workload/sampler.js';
import type { SandboxDeathTimer } from '../exits/sandbox-death-timer.js';
import { ask } from './ask.js';
import { hostPlatform } from './platform.js';
import { unaryHandler, untilCancelled, type AroundCall } from './unary.js';

export interface ControllerDeps {
  supervisor: Actor<SupervisorMachine>;
  log: Logger;
  /** The task API address returned by Start and Status ("" until a task server exists). */
  taskAddress: string;
  /** The stdin FIFOs of the sandbox's processes, closed when the sandbox stops and goes. */
  stdin: StdinDrains;
  /** The simulated usage Metrics answers with, summed over the pod's containers (src/workload/). */
  usage: UsageSampler;
  /** Arms a started sandbox's scripted death (src/exits/sandbox-death.ts). */
  deaths: SandboxDeathTimer;
  /** Sees every call first: fault injection and the call log (src/transport/fault-gate.ts). */
  around?: AroundCall;
}

/** containerd only dials a sandbox's task address for shim protocol version 3 or later. */
export const TASK_API_VERSION = 3;

/**
 * containerd.services.sandbox.v1.Controller: decodes and validates each call, turns it into a supervisor request,
 * and encodes the answer. No lifecycle state lives here.
 */
export function controllerService({
  supervisor,
  log,
  taskAddress,
  stdin,
  usage,
  deaths,
  around,
}: ControllerDeps): ControllerServer {
  const unary = unaryHandler(
    log,
    (request) => ({ sandboxId: (request as { sandboxId: string }).sandboxId }),
    around,
  );

  const status = (view: SandboxView): { pid: number; address: string; version: number } => ({
    pid: view.pid,
    address: taskAddress,
    version: TASK_API_VERSION,
  });

  return {
    create: unary('Create', async (request, call) => {
      log.info({ sandboxId: request.sandboxId }, 'Creating ResourceSlot sandbox');
      // Kept with the sandbox: an OOM kill is reported to containerd in this namespace (src/exits/oom-events.ts).
      const namespace = containerdNamespaceOf(call.metadata.get(CONTAINERD_NAMESPACE_HEADER)[0]);
      const command = createCommandFrom(request, namespace);
      log.debug(
        { sandboxId: command.sandboxId, resources: command.resources },
        'Extracted sandbox resources',
      );
      await ask(supervisor, 'sandbox.create', { command });
      return { sandboxId: command.sandboxId };
    }),

    start: unary('Start', async (request) => {
      const sandboxId = validateId(request.sandboxId, 'sandbox_id');
      const view = await ask(supervisor, 'sandbox.start', { sandboxId });
      deaths.arm(sandboxId);
      return {
        sandboxId,
        ...status(view),
        createdAt: toTimestamp(view.context.createdAt),
        labels: sandboxOf(recordOf(view.context)).labels,
        spec: undefined,
      };
    }),

    platform: unary('Platform', async (request) => {
      const sandboxId = validateId(request.sandboxId, 'sandbox_id');
      await ask(supervisor, 'sandbox.status', { sandboxId });
      return { platform: hostPlatform() };
    }),

    stop: unary('Stop', async (request) => {
      const sandboxId = validateId(request.sandboxId, 'sandbox_id');
      await ask(supervisor, 'sandbox.stop', { sandboxId });
      stdin.closeSandboxAfterExit(sandboxId);
      return {};
    }),

    wait: unary('Wait', async (request, call) => {
      const sandboxId = validateId(request.sandboxId, 'sandbox_id');
      const exit = await untilCancelled(call, (signal) =>
        ask(supervisor, 'sandbox.wait', { sandboxId, signal }),
      );
      return { exitStatus: exit.exitStatus, exitedAt: toTimestamp(exit.exitedAt) };
    }),

    status: unary('Status', async (request) => {
      const sandboxId = validateId(request.sandboxId, 'sandbox_id');
      const view = await ask(supervisor, 'sandbox.status', { sandboxId });
      const { context } = view;
      const info: Record<string, string> = request.verbose ? { info: verboseInfo(view) } : {};
      return {
        sandboxId,
        ...status(view),
        state: view.ready ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
        info,
        createdAt: toTimestamp(context.createdAt),
        exitedAt: context.exitedAt === null ? undefined : toTimestamp(context.exitedAt),
        extra: undefined,
      };
    }),

    shutdown: unary('Shutdown', async (request) => {
      const sandboxId = validateId(request.sandboxId, 'sandbox_id');
      await ask(supervisor, 'sandbox.shutdown', { sandboxId });
      stdin.closeSandbox(sandboxId, 'sandbox shut down');
      return {};
    }),

    metrics: unary('Metrics', async (request) => {
      const sandboxId = validateId(request.sandboxId, 'sandbox_id');
      const { sandbox, containers } = await ask(supervisor, 'sandbox.metrics', { sandboxId });
      const data = cgroupV2MetricsAny(usage.podSample(sandbox.context, containers));
      return { metrics: { timestamp: toTimestamp(usage.now()), id: sandboxId, data } };
    }),

    update: unary('Update', async (request) => {
      const sandboxId = validateId(request.sandboxId, 'sandbox_id');
      const update = sandboxUpdateFrom(request);
      const tasks = kuasarTasksFrom(request);
      if (tasks) await ask(supervisor, 'sandbox.sync-tasks', { sandboxId, ...tasks, update });
      else await ask(supervisor, 'sandbox.update', { sandboxId, update });
      return {};
    }),
  };
}
