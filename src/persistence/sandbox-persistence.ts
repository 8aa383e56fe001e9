import type { SandboxContext, SandboxMachine, SandboxStateName } from '../../machines/sandbox.machine.js';
import type { SandboxerError } from '../errors.js';
import { resourcesDocument } from '../resources/document.js';
import type { ResourceInfo } from '../resources/types.js';
import type { GroupCommitWriter, DiskImage } from '../store/group-commit.js';
import { RESOURCES_FILE, SANDBOX_FILE, type StorePaths } from '../store/paths.js';

interface PersistableSandbox {
  getSnapshot(): { value: unknown; context: SandboxContext };
  getPersistedSnapshot(): unknown;
}

export const SANDBOX_FILE_FORMAT = 'resource-slot.sandbox/v1';

/** sandbox.json: everything needed to rebuild the sandbox's actor after a restart. */
export interface SandboxFile {
  format: typeof SANDBOX_FILE_FORMAT;
  id: string;
  state: SandboxStateName;
  snapshot: unknown;
}

/**
 * Where an actor entering a state becomes files: the sandbox machine's `persist` and `forget` actions schedule the
 * sandbox's disk image with the group-commit writer, and `whenDurable` lets the supervisor answer only after it.
 */
export class SandboxPersistence {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly paths: StorePaths,
    private readonly writer: GroupCommitWriter,
  ) {}

  provideTo(machine: SandboxMachine): SandboxMachine {
    return machine.provide({
      actions: {
        persist: ({ context, self }) => this.track(context.id, () => this.render(context.id, self)),
        forget: ({ context }) =>
          this.track(context.id, () => ({ kind: 'remove', dir: this.paths.sandboxDir(context.id) })),
      },
    });
  }

  whenDurable(sandboxId: string): Promise<void> {
    return this.inFlight.get(sandboxId) ?? Promise.resolve();
  }

  private track(sandboxId: string, render: () => DiskImage): void {
    const written = this.writer.schedule(sandboxId, render);
    this.inFlight.set(sandboxId, written);
    const settled = (): void => {
      if (this.inFlight.get(sandboxId) === written) this.inFlight.delete(sandboxId);
    };
    written.then(settled, (_error: SandboxerError) => settled());
  }

  /** Rendered at flush time from the actor's committed snapshot, so repeated writes coalesce into the latest. */
  private render(sandboxId: string, actor: PersistableSandbox): DiskImage {
    const { value, context } = actor.getSnapshot();
    const state = value as SandboxStateName;
    const sandboxFile: SandboxFile = {
      format: SANDBOX_FILE_FORMAT,
      id: sandboxId,
      state,
      snapshot: actor.getPersistedSnapshot(),
    };
    const resources = resourcesDocument(state, context.resources as unknown as ResourceInfo, []);
    return {
      kind: 'write',
      dir: this.paths.sandboxDir(sandboxId),
      files: [
        { name: SANDBOX_FILE, data: JSON.stringify(sandboxFile, null, 2) + '\n' },
        { name: RESOURCES_FILE, data: JSON.stringify(resources, null, 2) + '\n' },
      ],
    };
  }
}
