/**
 * Kuasar's fork protocol (contract B5): `Controller.Update` with `fields` containing "extensions.tasks" carries
 * the sandbox's whole container list as UTF-8 JSON in `sandbox.extensions["tasks"].value`. Every member is
 * optional (serde defaults); unknown members are ignored as serde does. Pure, no I/O.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { Reader, asObject, checkString } from '../resources/json.js';
import { validateId } from '../sandbox/ids.js';
import type { KuasarMount, KuasarProcess, KuasarTask } from '../../machines/supervisor/kuasar-diff.js';

export type { KuasarMount, KuasarProcess, KuasarTask };

export const KUASAR_TASKS_FIELD = 'extensions.tasks';
export const KUASAR_TASKS_EXTENSION = 'tasks';

/**
 * Parses the extension's bytes. `field` names the Any in errors; members are appended, e.g.
 * `sandbox.extensions["tasks"].tasks[1].task_id`.
 * @throws InvalidArgumentError on malformed UTF-8 or JSON, wrong types, a missing or invalid task_id/exec_id,
 *   or a task_id (or an exec_id within one task) given twice
 */
export function parseKuasarTasks(bytes: Uint8Array, field = 'sandbox.extensions["tasks"]'): KuasarTask[] {
  const root = new Reader(requireObject(parseJson(bytes, field), field), field);
  const tasks = (root.objects('tasks') ?? []).map(parseTask);
  rejectDuplicates(
    tasks.map((task) => task.taskId),
    (index) => `${root.at('tasks')}[${index}].task_id`,
    'task_id',
  );
  return tasks;
}

function parseJson(bytes: Uint8Array, field: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidArgumentError(field, 'value is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(field, `invalid JSON: ${error instanceof Error ? error.message : error}`);
  }
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
  const object = asObject(value, field);
  if (object === undefined) throw new InvalidArgumentError(field, 'expected an object, got null');
  return object;
}

function parseTask(task: Reader): KuasarTask {
  const taskId = requiredId(task, 'task_id');
  const processes = (task.objects('processes') ?? []).map(parseProcess);
  rejectDuplicates(
    processes.map((process) => process.execId),
    (index) => `${task.at('processes')}[${index}].exec_id`,
    'exec_id',
  );
  return {
    taskId,
    spec: optionalObject(task, 'spec'),
    rootfs: (task.objects('rootfs') ?? []).map(parseMount),
    stdin: task.str('stdin') ?? '',
    stdout: task.str('stdout') ?? '',
    stderr: task.str('stderr') ?? '',
    processes,
  };
}

function parseProcess(process: Reader): KuasarProcess {
  return {
    execId: requiredId(process, 'exec_id'),
    spec: optionalObject(process, 'spec'),
    stdin: process.str('stdin') ?? '',
    stdout: process.str('stdout') ?? '',
    stderr: process.str('stderr') ?? '',
  };
}

function parseMount(mount: Reader): KuasarMount {
  return {
    destination: mount.str('destination') ?? '',
    type: mount.str('type') ?? '',
    source: mount.str('source') ?? '',
    options: (mount.array('options') ?? []).map((option, index) =>
      checkString(option, `${mount.at('options')}[${index}]`),
    ),
  };
}

function requiredId(object: Reader, key: string): string {
  const id = object.str(key);
  if (id === undefined || id === '') throw new InvalidArgumentError(object.at(key), 'is required');
  return validateId(id, object.at(key));
}

function optionalObject(object: Reader, key: string): Record<string, unknown> | null {
  const value = Object.hasOwn(object.obj, key) ? object.obj[key] : undefined;
  return asObject(value, object.at(key)) ?? null;
}

function rejectDuplicates(ids: string[], fieldAt: (index: number) => string, what: string): void {
  const firstIndex = new Map<string, number>();
  ids.forEach((id, index) => {
    const earlier = firstIndex.get(id);
    if (earlier !== undefined) {
      throw new InvalidArgumentError(
        fieldAt(index),
        `duplicate ${what} ${JSON.stringify(id)} (already at index ${earlier})`,
      );
    }
    firstIndex.set(id, index);
  });
}
