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

/** What changed in a sandbox since its files were last rendered. */
interface Dirty {
  /** Containers whose containers/<id>.json is out of date (null until one is). */
  containers: Set<string> | null;
  /** Whether resources.json is out of date: the sandbox or a container changed, not only an exec process. */
  resources: boolean;
}

/**
 * Where an actor entering a state becomes files. The machines' `persist`/`forget` actions mark their sandbox (and,
 * for containers and execs, their container) dirty and schedule the sandbox with the group-commit writer; the files
 * are rendered at write time from the committed snapshots in the registries. One writer key per sandbox keeps the
 * sandbox's files in order with its containers' (a removal of the directory can never race a container write).
 */
export class Persistence {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly dirty = new Map<string, Dirty>();
  /**
   * Called when a sandbox's write fails, before the failed calls are answered: the daemon rolls the sandbox back to
   * its durable state, so memory never stays ahead of the disk.
   */
  onWriteFailure: ((sandboxId: string) => Promise<void>) | null = null;

  constructor(
    private readonly paths: StorePaths,
    private readonly writer: GroupCommitWriter,
    private readonly registries: Registries,
  ) {}

  provideSandbox(machine: SandboxMachine): SandboxMachine {
    return machine.provide({
      actions: {
        persist: ({ context }) => this.schedule(context.id, null, true),
        forget: ({ context }) => this.schedule(context.id, null, true),
      },
    });
  }

  provideContainer(machine: ContainerMachine): ContainerMachine {
    return machine.provide({
      actions: {
        persist: ({ context }) => this.schedule(context.sandboxId, context.id, true),
        forget: ({ context }) => this.schedule(context.sandboxId, context.id, true),
      },
    });
  }

  provideExec(machine: ExecMachine): ExecMachine {
    return machine.provide({
      actions: {
        persist: ({ context }) => {
          const sandboxId = this.registries.containers.get(context.containerId)?.getSnapshot()
            .context.sandboxId;
          // An exec process shows in its container's file and in sandbox.json, not in resources.json.
          if (sandboxId !== undefined) this.schedule(sandboxId, context.containerId, false);
        },
      },
    });
  }

  whenDurable(sandboxId: string): Promise<void> {
    return this.inFlight.get(sandboxId) ?? Promise.resolve();
  }

  private schedule(sandboxId: string, containerId: string | null, resources: boolean): void {
    const pending = this.dirty.get(sandboxId);
    const dirty = pending ?? { containers: null, resources };
    if (containerId !== null) (dirty.containers ??= new Set()).add(containerId);
    dirty.resources ||= resources;
    // Already scheduled and not rendered yet: that write renders the latest state, this change included, and
    // whenDurable already waits for it.
    if (pending) return;
    this.dirty.set(sandboxId, dirty);
    const written = this.writer
      .schedule(sandboxId, () => this.render(sandboxId))
      .catch(async (error: unknown) => {
        await this.onWriteFailure?.(sandboxId).catch(() => {});
        throw error;
      });
    this.inFlight.set(sandboxId, written);
    const settled = (): void => {
      if (this.inFlight.get(sandboxId) === written) this.inFlight.delete(sandboxId);
    };
    written.then(settled, (_error: SandboxerError) => settled());
  }

  private render(sandboxId: string): DiskImage {
    const dirty = this.dirty.get(sandboxId) ?? { containers: null, resources: true };
    this.dirty.delete(sandboxId);
    const dir = this.paths.sandboxDir(sandboxId);
    const sandbox = this.registries.sandboxes.get(sandboxId);
    if (!sandbox) return { kind: 'remove', dir, files: REMOVED_FILES };
    const files: Array<{ name: string; data: string }> = [];
    const remove: string[] = [];
    for (const containerId of dirty.containers ?? []) {
      const name = `${CONTAINERS_DIR}/${containerId}.json`;
      const container = this.registries.containers.get(containerId);
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
