import type { ControllerApi } from './controller-api.js';
import type { CallIdentity } from './fault-ledger.js';
import type { Look, Resilience } from './resilience.js';
import { codeName, codeOfError } from './rpc.js';
import { answeredSnapshot, sandboxSnapshot, taskSnapshot } from './state-snapshot.js';
import type { TaskApi } from './task-api.js';

/** The Controller calls of `api`, each through the fault layer, looked at with the sandbox's Status. */
export function resilientController(api: ControllerApi, layer: Resilience): ControllerApi {
  const look = (id: string): Look => ({
    call: { service: 'Controller', method: 'Status', id },
    send: async () => sandboxSnapshot(await api.status(id)),
    answered: (error) => answeredSnapshot('Status', codeName(codeOfError(error))),
  });
  const through = <T>(method: string, id: string, send: () => Promise<T>): Promise<T> =>
    layer.call({ service: 'Controller', method, id }, look(id), send);
  return {
    create: (request) => through('Create', request.sandboxId, () => api.create(request)),
    start: (id) => through('Start', id, () => api.start(id)),
    platform: (id) => through('Platform', id, () => api.platform(id)),
    stop: (id) => through('Stop', id, () => api.stop(id)),
    status: (id, verbose) => through('Status', id, () => api.status(id, verbose)),
    shutdown: (id) => through('Shutdown', id, () => api.shutdown(id)),
    updateLabel: (id, key, value) => through('Update', id, () => api.updateLabel(id, key, value)),
    wait: (id) => layer.pending({ service: 'Controller', method: 'Wait', id }, () => api.wait(id)),
  };
}

/** The task calls of `api`, each through the fault layer, looked at with the task's State. */
export function resilientTasks(api: TaskApi, layer: Resilience): TaskApi {
  const look = (id: string): Look => ({
    call: { service: 'Task', method: 'State', id },
    send: async () => taskSnapshot(await api.state(id)),
    answered: (error) => answeredSnapshot('State', codeName(codeOfError(error))),
  });
  const task = (method: string, id: string): CallIdentity => ({ service: 'Task', method, id });
  const through = <T>(method: string, id: string, send: () => Promise<T>): Promise<T> =>
    layer.call(task(method, id), look(id), send);
  return {
    create: (id, bundle) => through('Create', id, () => api.create(id, bundle)),
    connect: (id) => through('Connect', id, () => api.connect(id)),
    start: (id) => through('Start', id, () => api.start(id)),
    state: (id) => through('State', id, () => api.state(id)),
    pids: (id) => through('Pids', id, () => api.pids(id)),
    kill: (id, signal) => through('Kill', id, () => api.kill(id, signal)),
    delete: (id) => through('Delete', id, () => api.delete(id)),
    pause: (id) => through('Pause', id, () => api.pause(id)),
    resume: (id) => through('Resume', id, () => api.resume(id)),
    shutdown: (id) => through('Shutdown', id, () => api.shutdown(id)),
    exec: (id, execId) => through('Exec', id, () => api.exec(id, execId)),
    update: (id, resources) => through('Update', id, () => api.update(id, resources)),
    wait: (id) => layer.pending(task('Wait', id), () => api.wait(id)),
  };
}
