/**
 * Sandboxes created but never started. containerd ≤ 2.2 calls Create and then Start; if anything fails between the
 * two (or the daemon dies after Create was durable but before containerd got the answer), containerd forgets the
 * pod and never sends Shutdown, so the sandbox would stay in --dir, in the totals and in the live view forever.
 * The daemon's one orphan sweep (sweeper.ts) removes those older than --unstarted-grace, as containerd would have.
 */
import type { Registries } from '../../machines/registries.js';
import { localSandboxes, type LocalSandbox } from './local-sandboxes.js';

/**
 * The sandboxes awaiting Start (the machine's `awaitingStart` tag) for at least `graceMs` at `now`, their age
 * counted from their own Create, so recovered ones qualify at once. `spare` are kept regardless: those containerd
 * still has a record of, whose RunPodSandbox is under way.
 */
export function unstartedPastGrace(
  registries: Registries,
  now: number,
  graceMs: number,
  spare: ReadonlySet<string>,
): LocalSandbox[] {
  return localSandboxes(
    registries,
    (sandbox) => sandbox.awaitingStart && now - sandbox.createdAt >= graceMs && !spare.has(sandbox.id),
  );
}
