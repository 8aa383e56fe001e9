import type { JsonObject } from '../core/json.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { ControllerUpdateRequest } from '../generated/containerd/services/sandbox/v1/sandbox.js';
import { extractContainerResources } from '../resources/index.js';
import { protoJsonObject } from '../sandbox/json.js';
import {
  KUASAR_TASKS_EXTENSION,
  KUASAR_TASKS_FIELD,
  parseKuasarTasks,
  type KuasarTask,
} from './kuasar-tasks.js';

/**
 * When an Update names "extensions.tasks" (Kuasar's fork), the desired container list and each new task's
 * resources, all validated before the supervisor changes anything; null for any other Update.
 */
export function kuasarTasksFrom(
  request: ControllerUpdateRequest,
): { desired: KuasarTask[]; resources: Record<string, JsonObject> } | null {
  if (!request.fields.includes(KUASAR_TASKS_FIELD)) return null;
  const field = `sandbox.extensions[${JSON.stringify(KUASAR_TASKS_EXTENSION)}]`;
  const extension = request.sandbox?.extensions[KUASAR_TASKS_EXTENSION];
  if (!extension)
    throw new InvalidArgumentError(field, `is required when fields names ${KUASAR_TASKS_FIELD}`);
  const desired = parseKuasarTasks(extension.value, field);
  const resources: Record<string, JsonObject> = {};
  desired.forEach((task, index) => {
    resources[task.taskId] = protoJsonObject(
      extractContainerResources({ spec: task.spec ?? {}, fieldPrefix: `${field}.tasks[${index}].spec` }),
    );
  });
  return { desired, resources };
}
