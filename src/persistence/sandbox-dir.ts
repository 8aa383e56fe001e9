import type { Dirent } from 'node:fs';
import type { PersistedState, RecoveredSandbox } from '../../machines/supervisor.machine.js';
import { sharedResources } from '../memory/shared-resources.js';
import type { ResourceInfo } from '../resources/index.js';
import { isTempFileName } from '../store/atomic-file.js';
import { CONTAINERS_DIR, SANDBOX_FILE } from '../store/paths.js';
import { SANDBOX_FILE_FORMAT, type SandboxFile } from './records.js';

/** What one listing of a sandbox directory tells, so recovery needs no lstat or stat per file. */
export interface SandboxDirListing {
  /** False when there is no sandbox.json: the sandbox was never committed (or its removal was cut short). */
  committed: boolean;
  /** sandbox.json is there but is not a regular file (a symlink is never followed). */
  irregular: boolean;
  hasContainersDir: boolean;
  tempFiles: string[];
}

export function classifySandboxDir(entries: Dirent[]): SandboxDirListing {
  const listing: SandboxDirListing = {
    committed: false,
    irregular: false,
    hasContainersDir: false,
    tempFiles: [],
  };
  for (const entry of entries) {
    if (entry.name === SANDBOX_FILE) {
      listing.committed = true;
      listing.irregular = !entry.isFile();
    } else if (entry.name === CONTAINERS_DIR) listing.hasContainersDir = entry.isDirectory();
    else if (isTempFileName(entry.name)) listing.tempFiles.push(entry.name);
  }
  return listing;
}

function persisted<C>(snapshot: unknown, what: string): PersistedState<C> {
  const candidate = snapshot as { status?: unknown; value?: unknown; context?: unknown } | null;
  if (
    !candidate ||
    typeof candidate.value !== 'string' ||
    typeof candidate.context !== 'object' ||
    !candidate.context
  ) {
    throw new Error(`${what}: not a persisted machine snapshot`);
  }
  const context = candidate.context as { resources?: unknown };
  // Shared with every other actor that declares the same resources, as a freshly created actor's are.
  if (typeof context.resources === 'object' && context.resources !== null)
    context.resources = sharedResources(context.resources as ResourceInfo);
  return candidate as unknown as PersistedState<C>;
}

/** The actors' snapshots that sandbox.json (the commit point) embeds: the sandbox's, its containers', their execs'. */
export function parseSandboxFile(text: string, id: string): RecoveredSandbox {
  const file = JSON.parse(text) as SandboxFile | null;
  if (file?.format !== SANDBOX_FILE_FORMAT || file.id !== id)
    throw new Error(`${SANDBOX_FILE}: unknown format or id`);
  return {
    sandbox: persisted(file.snapshot, SANDBOX_FILE),
    containers: (file.containers ?? []).map((container) => ({
      container: persisted(container.snapshot, `${SANDBOX_FILE} container ${container.id}`),
      execs: container.execs.map((exec) => persisted(exec.snapshot, `${SANDBOX_FILE} exec ${exec.id}`)),
    })),
  };
}
