import type { CallEntry } from './types.js';

/** Which calls a reader wants; an empty field matches every call. */
export interface CallFilter {
  /** A sandbox id or the start of one: a log outlives its sandboxes, so there is no live id to resolve against. */
  sandboxId: string;
  containerId: string;
  /** `Start`, or `Task.Start` for one service's. */
  method: string;
}

export function callMatcher({ sandboxId, containerId, method }: CallFilter): (entry: CallEntry) => boolean {
  return (entry) =>
    entry.sandboxId.startsWith(sandboxId) &&
    entry.containerId.startsWith(containerId) &&
    (method === '' || entry.method === method || `${entry.service}.${entry.method}` === method);
}
