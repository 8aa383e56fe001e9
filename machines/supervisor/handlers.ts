import { restoreSandboxes, rollbackSandbox } from './recovery.js';
import type { Handler, SupervisorContext } from './context.js';
import { syncKuasarTasks } from './kuasar-sync.js';
import type { RequestOf, RequestType } from './requests.js';
import {
  createSandbox,
  exitSandbox,
  shutdownSandbox,
  startSandbox,
  stopSandbox,
} from './sandbox-lifecycle.js';
import { sandboxMetrics, sandboxStatus, waitSandbox } from './sandbox-queries.js';
import { updateSandbox } from './sandbox-update.js';
import { execProcess } from './task-exec.js';
import { createTask, deleteTask, startTask } from './task-lifecycle.js';
import { taskPids, taskState, taskStats, waitTask } from './task-queries.js';
import { exitTask, killTask, pauseTask, resumeTask } from './task-signals.js';
import { updateTask } from './task-update.js';

/** Which handler answers which request: one entry per request type, checked by the compiler. */
const HANDLERS: { [K in RequestType]: Handler<K> } = {
  'sandbox.create': createSandbox,
  'sandbox.start': startSandbox,
  'sandbox.stop': stopSandbox,
  'sandbox.exit': exitSandbox,
  'sandbox.wait': waitSandbox,
  'sandbox.status': sandboxStatus,
  'sandbox.shutdown': shutdownSandbox,
  'sandbox.update': updateSandbox,
  'sandbox.metrics': sandboxMetrics,
  'sandbox.sync-tasks': syncKuasarTasks,
  'task.create': createTask,
  'task.start': startTask,
  'task.kill': killTask,
  'task.exit': exitTask,
  'task.delete': deleteTask,
  'task.state': taskState,
  'task.wait': waitTask,
  'task.pause': pauseTask,
  'task.resume': resumeTask,
  'task.exec': execProcess,
  'task.update': updateTask,
  'task.pids': taskPids,
  'task.stats': taskStats,
  'supervisor.restore': restoreSandboxes,
  'supervisor.rollback': rollbackSandbox,
};

export function dispatch<K extends RequestType>(
  context: SupervisorContext,
  request: RequestOf<K> & { type: K },
): void {
  const handler: Handler<K> = HANDLERS[request.type];
  handler(context, request);
}
