import type { ContainerMachine } from '../../machines/container.machine.js';
import type { ExecMachine } from '../../machines/exec.machine.js';
import type { Registries, SandboxActor } from '../../machines/registries.js';
import type { SandboxMachine } from '../../machines/sandbox.machine.js';
import type { SandboxerError } from '../core/errors.js';
import { resourcesDocument, type ContainerResources, type ResourcesDocument } from '../resources/document.js';
import type { ResourceInfo } from '../resources/types.js';
import type { DiskImage, GroupCommitWriter } from '../store/group-commit.js';
import { CONTAINERS_DIR, RESOURCES_FILE, SANDBOX_FILE, type StorePaths } from '../store/paths.js';
import { containerFile, sandboxFile } from './records.js';

/** What the next write does with a file it renders: write it from its actor, or remove it (a tombstone). */
type FileChange = 'write' | 'remove';

/** What changed in a sandbox since its files were last rendered. */
interface Dirty {
  /**
   * The sandbox's own change. 'remove' is its tombstone, set by its `forget`: the write removes the whole
   * directory. A later `persist` of a sandbox with that id (created again before the write rendered) sets 'write'
   * back, since the write renders the latest state and in it the sandbox exists.
   */
  sandbox: FileChange;
  /**
   * Containers whose containers/<id>.json is out of date, each with its change (null until one is). 'remove' is
   * the container's tombstone, set by its `forget`; only the container's own `persist` (the id created again) sets
   * 'write' back, never a change of one of its exec processes.
   */
  containers: Map<string, FileChange> | null;
  /** Whether resources.json is out of date: the sandbox or a container changed, not only an exec process. */
  resources: boolean;
}

/**
 * Where an actor entering a state becomes files. The machines' `persist` actions mark their sandbox (and, for
 * containers and execs, their container) dirty, their `forget` actions put a tombstone on the sandbox or the
 * container, and either schedules the sandbox with the group-commit writer. The files are rendered at write time:
 * a tombstone is removed, anything else is rendered from the committed snapshots in the registries. One writer key
 * per sandbox keeps the sandbox's files in order with its containers' (a removal of the directory can never race a
 * container write).
 */
export class Persistence {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly dirty = new Map<string, Dirty>();

  constructor(
    private readonly paths: StorePaths,
    private readonly writer: GroupCommitWriter,
    private readonly registries: Registries,
    /**
     * Called when a sandbox's write fails, before the failed calls are answered: the daemon rolls the sandbox back
     * to its durable state, so memory never stays ahead of the disk. Its own failure is ignored (the write's error
     * is what the callers get).
     */
    private readonly onWriteFailure: (sandboxId: string) => Promise<void>,
  ) {}

  provideSandbox(machine: SandboxMachine): SandboxMachine {
    return machine.provide({
      actions: {
        persist: ({ context }) => this.sandboxChanged(context.id, 'write'),
        forget: ({ context }) => this.sandboxChanged(context.id, 'remove'),
      },
    });
  }

  provideContainer(machine: ContainerMachine): ContainerMachine {
    return machine.provide({
      actions: {
        persist: ({ context }) => this.containerChanged(context.sandboxId, context.id, 'write'),
        forget: ({ context }) => this.containerChanged(context.sandboxId, context.id, 'remove'),
      },
    });
  }

  provideExec(machine: ExecMachine): ExecMachine {
    return machine.provide({
      actions: {
        persist: ({ context }) => {
          const sandboxId = this.registries.containers.get(context.containerId)?.getSnapshot()
            .context.sandboxId;
          if (sandboxId !== undefined) this.execChanged(sandboxId, context.containerId);
        },
      },
    });
  }

  whenDurable(sandboxId: string): Promise<void> {
    return this.inFlight.get(sandboxId) ?? Promise.resolve();
  }

  private sandboxChanged(sandboxId: string, change: FileChange): void {
    const dirty = this.dirtyOf(sandboxId);
    dirty.sandbox = change;
    dirty.resources = true;
  }

  private containerChanged(sandboxId: string, containerId: string, change: FileChange): void {
    const dirty = this.dirtyOf(sandboxId);
    (dirty.containers ??= new Map()).set(containerId, change);
    dirty.resources = true;
  }

  /** An exec process shows in its container's file and in sandbox.json, not in resources.json. */
  private execChanged(sandboxId: string, containerId: string): void {
    const containers = (this.dirtyOf(sandboxId).containers ??= new Map());
    if (!containers.has(containerId)) containers.set(containerId, 'write');
  }

  /** The sandbox's changes not rendered yet; the first change since its last render schedules its write. */
  private dirtyOf(sandboxId: string): Dirty {
    const pending = this.dirty.get(sandboxId);
    // Already scheduled and not rendered yet: that write renders the latest state, this change included, and
    // whenDurable already waits for it.
    if (pending) return pending;
    const dirty: Dirty = { sandbox: 'write', containers: null, resources: false };
    this.dirty.set(sandboxId, dirty);
    const written = this.writer
      .schedule(sandboxId, () => this.render(sandboxId))
      .catch(async (error: unknown) => {
        await this.onWriteFailure(sandboxId).catch(() => {});
        throw error;
      });
    this.inFlight.set(sandboxId, written);
    const settled = (): void => {
      if (this.inFlight.get(sandboxId) === written) this.inFlight.delete(sandboxId);
    };
    written.then(settled, (_error: SandboxerError) => settled());
    return dirty;
  }

  private render(sandboxId: string): DiskImage {
    const dirty = this.dirty.get(sandboxId) ?? { sandbox: 'write', containers: null, resources: true };
    this.dirty.delete(sandboxId);
    const dir = this.paths.sandboxDir(sandboxId);
    if (dirty.sandbox === 'remove') return { kind: 'remove', dir, files: REMOVED_FILES };
    const sandbox = this.registries.sandboxes.get(sandboxId);
    // No tombstone, yet no actor: the sandbox was dropped without being deleted, by the rollback of a failed write
    // when nothing of it was ever committed. Nothing of it belongs on disk.
    if (!sandbox) return { kind: 'remove', dir, files: REMOVED_FILES };
    const files: Array<{ name: string; data: string }> = [];
    const remove: string[] = [];
    for (const [containerId, change] of dirty.containers ?? []) {
      const name = `${CONTAINERS_DIR}/${containerId}.json`;
      // A container with neither a tombstone nor an actor was dropped by a rollback: its file goes too.
      const container = change === 'write' ? this.registries.containers.get(containerId) : undefined;
      if (container) files.push({ name, data: json(containerFile(container, this.registries)) });
      else remove.push(name);
    }
    if (dirty.resources) files.push({ name: RESOURCES_FILE, data: json(this.resources(sandbox)) });
    const commit = { name: SANDBOX_FILE, data: json(sandboxFile(sandbox, this.registries)) };
    return { kind: 'write', dir, files, remove, commit };
  }

  private resources(sandbox: SandboxActor): ResourcesDocument {
    const { value: state, context } = sandbox.getSnapshot();
    const containers: ContainerResources[] = [];
    for (const containerId of this.registries.containerIdsOf(context.id)) {
      const container = this.registries.containers.get(containerId);
      if (!container) continue;
      const snapshot = container.getSnapshot();
      containers.push({
        container_id: containerId,
        state: snapshot.value,
        ...(snapshot.context.resources as unknown as ResourceInfo),
      });
    }
    return resourcesDocument(state, context.resources as unknown as ResourceInfo, containers);
  }
}

/** What a sandbox directory holds besides containers/, the commit point first (see DiskImage). */
const REMOVED_FILES = [SANDBOX_FILE, RESOURCES_FILE] as const;

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
