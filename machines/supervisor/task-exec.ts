import { AlreadyExistsError } from '../../src/core/errors.js';
import { rejecting, replyWhenDurable, type Handler } from './context.js';
import { execView } from './views.js';

/** Exec: a process actor in a container that accepts exec'd processes; it starts with a later Start. */
export const execProcess: Handler<'task.exec'> = (context, { containerId, execId, record, reply }) =>
  rejecting(reply, () => {
    const { store, ports } = context;
    const container = store.container(containerId);
    store.checkContainer(container, { type: 'EXEC' });
    if (store.registries.getExec(containerId, execId))
      throw new AlreadyExistsError(`process ${execId} of task ${containerId} already exists`);
    const exec = store.spawnExec({ id: execId, containerId, createdAt: ports.now(), record });
    const { sandboxId } = container.getSnapshot().context;
    replyWhenDurable(context, sandboxId, reply, execView(sandboxId, exec));
  });
