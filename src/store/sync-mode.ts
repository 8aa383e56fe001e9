/**
 * How a write becomes durable before its RPC is answered (documented in docs/architecture.md):
 * - `batch`: group commit. Changes that arrive while a batch is being written form the next batch; each file is
 *   fsynced and each touched directory fsynced once per batch. Survives kill -9 and power loss. The default.
 * - `always`: every change is written and fsynced on its own, one after another. Same guarantee as batch, slower;
 *   kept as a baseline.
 * - `none`: atomic rename without fsync. Survives kill -9 of the daemon (the kernel still has the data), but
 *   not a power loss or kernel crash.
 */
export const SYNC_MODES = ['batch', 'always', 'none'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export function isSyncMode(value: string): value is SyncMode {
  return (SYNC_MODES as readonly string[]).includes(value);
}
