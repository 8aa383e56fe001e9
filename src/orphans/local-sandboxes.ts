import type { Registries } from '../../machines/registries.js';
import type { SandboxStateName } from '../../machines/sandbox.machine.js';
import { recordOf } from '../sandbox/record.js';

/** A live sandbox as the orphan checks see it. */
export interface LocalSandbox {
  id: string;
  state: SandboxStateName;
  /** Created and never started (the machine's `awaitingStart` tag). */
  awaitingStart: boolean;
  /** epoch milliseconds of its Create (kept across restarts in its snapshot) */
  createdAt: number;
  /** the `sandboxer` its Create request named */
  sandboxer: string;
}

/** Every live sandbox that `keep` selects, read from the actors' current snapshots (read-only). */
export function localSandboxes(
  registries: Registries,
  keep: (sandbox: LocalSandbox) => boolean,
): LocalSandbox[] {
  const selected: LocalSandbox[] = [];
  for (const id of registries.sandboxes.ids()) {
    const snapshot = registries.sandboxes.get(id)?.getSnapshot();
    if (!snapshot) continue;
    const { context } = snapshot;
    const { sandboxer } = recordOf(context);
    const sandbox = {
      id,
      state: snapshot.value,
      awaitingStart: snapshot.hasTag('awaitingStart'),
      createdAt: context.createdAt,
      sandboxer: typeof sandboxer === 'string' ? sandboxer : '',
    };
    if (keep(sandbox)) selected.push(sandbox);
  }
  return selected;
}
