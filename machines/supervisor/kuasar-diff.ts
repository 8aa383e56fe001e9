/**
 * Kuasar's task list (contract B5) as the supervisor diffs it: the shapes src/containers/kuasar-tasks.ts parses the
 * extension into, and the diff against the sandbox's current containers. Pure.
 */
export interface KuasarMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

export interface KuasarProcess {
  execId: string;
  /** The OCI process JSON, not validated here. */
  spec: Record<string, unknown> | null;
  stdin: string;
  stdout: string;
  stderr: string;
}

export interface KuasarTask {
  taskId: string;
  /** The full OCI runtime spec JSON, not validated here (resource extraction does that). */
  spec: Record<string, unknown> | null;
  rootfs: KuasarMount[];
  stdin: string;
  stdout: string;
  stderr: string;
  processes: KuasarProcess[];
}

/** The containers and exec processes as currently known, to diff a new list against. */
export interface CurrentTask {
  taskId: string;
  execIds: string[];
}

export interface TaskDiff {
  /** Tasks to create, with their processes. */
  addTasks: KuasarTask[];
  removeTaskIds: string[];
  /** New processes of tasks that stay. */
  addProcesses: Array<{ taskId: string; process: KuasarProcess }>;
  /** Processes gone from tasks that stay. */
  removeProcesses: Array<{ taskId: string; execId: string }>;
}

/**
 * What to change so that `current` becomes `desired`, as Kuasar does: tasks and processes are matched by id;
 * a task or process that stays keeps its spec and IO even if the new list changes them. Processes of added or
 * removed tasks are not listed separately. Order follows `desired` for additions and `current` for removals.
 */
export function diffKuasarTasks(current: CurrentTask[], desired: KuasarTask[]): TaskDiff {
  const currentById = new Map(current.map((task) => [task.taskId, task]));
  const desiredIds = new Set(desired.map((task) => task.taskId));
  const diff: TaskDiff = { addTasks: [], removeTaskIds: [], addProcesses: [], removeProcesses: [] };

  for (const task of desired) {
    const existing = currentById.get(task.taskId);
    if (existing === undefined) {
      diff.addTasks.push(task);
      continue;
    }
    const existingExecIds = new Set(existing.execIds);
    const desiredExecIds = new Set(task.processes.map((process) => process.execId));
    for (const process of task.processes) {
      if (!existingExecIds.has(process.execId)) diff.addProcesses.push({ taskId: task.taskId, process });
    }
    for (const execId of existing.execIds) {
      if (!desiredExecIds.has(execId)) diff.removeProcesses.push({ taskId: task.taskId, execId });
    }
  }
  for (const task of current) if (!desiredIds.has(task.taskId)) diff.removeTaskIds.push(task.taskId);
  return diff;
}
