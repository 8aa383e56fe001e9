import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { PersistedState, RecoveredSandbox } from '../../machines/supervisor.machine.js';
import { validateId } from '../sandbox/ids.js';
import { isTempFileName } from '../store/atomic-file.js';
import { CONTAINERS_DIR, SANDBOX_FILE } from '../store/paths.js';
import { SANDBOX_FILE_FORMAT, type SandboxFile } from './records.js';

export const QUARANTINE_DIR = '.quarantine';

export interface RecoveryScan {
  sandboxes: RecoveredSandbox[];
  /** Sandbox directories that could not be read, with the reason. */
  unreadable: Array<{ id: string; reason: string }>;
  /**
   * Sandbox directories without a sandbox.json, removed: a Create whose first write was cut off before its commit
   * point, or a Shutdown cut off after removing it. Neither was acknowledged as existing, so nothing is lost.
   */
  discarded: string[];
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
  return candidate as unknown as PersistedState<C>;
}

async function readJsonFile(file: string): Promise<unknown> {
  const stat = await fs.lstat(file);
  if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
  return JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
}

async function removeTempFiles(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir))
    if (isTempFileName(name)) await fs.rm(path.join(dir, name), { force: true });
}

async function readSandboxDir(dir: string, id: string): Promise<RecoveredSandbox> {
  await removeTempFiles(dir);
  const file = (await readJsonFile(path.join(dir, SANDBOX_FILE))) as SandboxFile;
  if (file.format !== SANDBOX_FILE_FORMAT || file.id !== id)
    throw new Error(`${SANDBOX_FILE}: unknown format or id`);
  const recovered: RecoveredSandbox = {
    sandbox: persisted(file.snapshot, SANDBOX_FILE),
    containers: (file.containers ?? []).map((container) => ({
      container: persisted(container.snapshot, `${SANDBOX_FILE} container ${container.id}`),
      execs: container.execs.map((exec) => persisted(exec.snapshot, `${SANDBOX_FILE} exec ${exec.id}`)),
    })),
  };
  const containersDir = path.join(dir, CONTAINERS_DIR);
  if (await fs.stat(containersDir).catch(() => null)) await removeTempFiles(containersDir);
  return recovered;
}

/** The durable state of one sandbox, or null when it has none on disk (never written, or removed). */
export async function readSandboxState(dir: string, sandboxId: string): Promise<RecoveredSandbox | null> {
  const sandboxDir = path.join(dir, sandboxId);
  const exists = await fs.lstat(path.join(sandboxDir, SANDBOX_FILE)).catch(() => null);
  return exists ? readSandboxDir(sandboxDir, sandboxId) : null;
}

/** Removes a sandbox directory that holds no committed sandbox.json (left by a failed first write). */
export async function discardUncommitted(dir: string, sandboxId: string): Promise<void> {
  await fs.rm(path.join(dir, sandboxId), { recursive: true, force: true }).catch(() => {});
}

/** Only directories named like a sandbox are ever discarded (never, say, a `lost+found` of a mounted --dir). */
function isSandboxId(name: string): boolean {
  try {
    validateId(name, 'directory');
    return true;
  } catch {
    return false;
  }
}

/** Reads every sandbox directory under `dir`; never follows symlinks; leftover temp files are removed. */
export async function scanStateDir(dir: string): Promise<RecoveryScan> {
  const scan: RecoveryScan = { sandboxes: [], unreadable: [], discarded: [] };
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === QUARANTINE_DIR) continue;
    if (
      isSandboxId(entry.name) &&
      !(await fs.lstat(path.join(dir, entry.name, SANDBOX_FILE)).catch(() => null))
    ) {
      await discardUncommitted(dir, entry.name);
      scan.discarded.push(entry.name);
      continue;
    }
    try {
      scan.sandboxes.push(await readSandboxDir(path.join(dir, entry.name), entry.name));
    } catch (error) {
      scan.unreadable.push({ id: entry.name, reason: (error as Error).message });
    }
  }
  return scan;
}

/** Moves a sandbox directory that cannot be loaded out of the way, keeping it for a person to look at. */
export async function quarantine(dir: string, id: string, reason: string, log: Logger): Promise<void> {
  const target = path.join(dir, QUARANTINE_DIR, `${id}.${Date.now()}`);
  await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  await fs.rename(path.join(dir, id), target);
  log.error({ sandboxId: id, reason, movedTo: target }, 'Quarantined unreadable sandbox state');
}
