import type { Handler } from './context.js';

/** Restore: actors rebuilt from the state dir at start-up; the ids that did not fit are answered for quarantine. */
export const restoreSandboxes: Handler<'supervisor.restore'> = ({ store }, { sandboxes, reply }) => {
  const failed: string[] = [];
  for (const recovered of sandboxes) {
    try {
      store.restore(recovered);
    } catch {
      failed.push(recovered.sandbox.context.id);
    }
  }
  reply.resolve(failed);
};

/**
 * Rollback: a write failed, so memory ran ahead of the disk. The sandbox's actors are dropped (their Waits answered
 * UNAVAILABLE) and rebuilt from what is durable; the failed calls get the write error from the writer.
 */
export const rollbackSandbox: Handler<'supervisor.rollback'> = (
  { store },
  { sandboxId, recovered, reply },
) => {
  store.drop(sandboxId, `sandbox ${sandboxId} was rolled back after a failed write; retry`);
  try {
    if (recovered) store.restore(recovered);
  } catch {
    // It was read back from its own files a moment ago; one that no longer fits stays dropped, as at start-up.
  }
  reply.resolve();
};
