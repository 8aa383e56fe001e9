import type { Registries } from '../../machines/registries.js';
import type { ContainerdSandboxes } from './containerd-sandboxes.js';
import { localSandboxes, type LocalSandbox } from './local-sandboxes.js';

/** A live sandbox that containerd has no record of. */
export interface Orphan extends LocalSandbox {
  /** Created at least the grace ago: reconciliation removes it. */
  pastGrace: boolean;
}

export interface OrphanSearch {
  orphans: Orphan[];
  /** Sandboxes awaiting Start that containerd knows: their RunPodSandbox is under way, the unstarted sweep waits. */
  knownUnstarted: Set<string>;
}

/**
 * Compares the live sandboxes with containerd's records. Only sandboxes created with `sandboxerName` can be
 * orphans (others were never containerd's, such as resource-slot-ctl's); an id containerd knows in any namespace
 * is never one. The live sandboxes are read before containerd is asked: containerd writes its record before it
 * calls Create (CRI `sandbox_run.go`), so a sandbox read first cannot be missing from the listing because it was
 * too new. Ages are taken at that same moment. Rejects when containerd cannot be asked.
 */
export async function findOrphans(
  registries: Registries,
  containerd: ContainerdSandboxes,
  sandboxerName: string,
  now: () => number,
  graceMs: number,
): Promise<OrphanSearch> {
  const at = now();
  const local = localSandboxes(registries, () => true);
  const known = await containerd.knownSandboxIds();
  const orphans = local
    .filter((sandbox) => sandbox.sandboxer === sandboxerName && !known.has(sandbox.id))
    .map((sandbox) => ({ ...sandbox, pastGrace: at - sandbox.createdAt >= graceMs }));
  const knownUnstarted = new Set(
    local.filter((sandbox) => sandbox.awaitingStart && known.has(sandbox.id)).map(({ id }) => id),
  );
  return { orphans, knownUnstarted };
}
