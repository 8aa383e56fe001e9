import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { RecoveredSandbox } from '../../machines/supervisor.machine.js';
import { validateId } from '../sandbox/ids.js';
import { isTempFileName } from '../store/atomic-file.js';
import { CONTAINERS_DIR, SANDBOX_FILE } from '../store/paths.js';
import { classifySandboxDir, parseSandboxFile, type SandboxDirListing } from './sandbox-dir.js';

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

function notRegular(dir: string): Error {
  return new Error(`${path.join(dir, SANDBOX_FILE)} is not a regular file`);
}

/**
 * The scan runs before any socket serves, so it uses synchronous calls: blocking the event loop costs nothing
 * then, and each file saves a promise, a FileHandle and a thread-pool round trip (see docs/performance.md).
 * Temp files can only sit beside the files written atomically: in the sandbox directory and in containers/.
 */
function readSandboxDirSync(dir: string, id: string, listing: SandboxDirListing): RecoveredSandbox {
  for (const name of listing.tempFiles) fs.rmSync(`${dir}/${name}`, { force: true });
  if (listing.irregular) throw notRegular(dir);
  const recovered = parseSandboxFile(fs.readFileSync(`${dir}/${SANDBOX_FILE}`, 'utf8'), id);
  if (listing.hasContainersDir) {
    const containersDir = `${dir}/${CONTAINERS_DIR}`;
    for (const name of fs.readdirSync(containersDir))
      if (isTempFileName(name)) fs.rmSync(`${containersDir}/${name}`, { force: true });
  }
  return recovered;
}

/** The durable state of one sandbox, or null when it has none on disk (never written, or removed). */
export async function readSandboxState(dir: string, sandboxId: string): Promise<RecoveredSandbox | null> {
  // This runs after a failed write, while the daemon serves: unlike the scan, it must not block the event loop.
  const sandboxDir = path.join(dir, sandboxId);
  const entries = await fs.promises.readdir(sandboxDir, { withFileTypes: true }).catch(() => null);
  const listing = entries && classifySandboxDir(entries);
  if (!listing?.committed) return null;
  for (const name of listing.tempFiles) await fs.promises.rm(path.join(sandboxDir, name), { force: true });
  if (listing.irregular) throw notRegular(sandboxDir);
  const text = await fs.promises.readFile(path.join(sandboxDir, SANDBOX_FILE), 'utf8');
  const recovered = parseSandboxFile(text, sandboxId);
  if (listing.hasContainersDir) {
    const containersDir = path.join(sandboxDir, CONTAINERS_DIR);
    for (const name of await fs.promises.readdir(containersDir))
      if (isTempFileName(name)) await fs.promises.rm(path.join(containersDir, name), { force: true });
  }
  return recovered;
}

/** Removes a sandbox directory that holds no committed sandbox.json (left by a failed first write). */
export async function discardUncommitted(dir: string, sandboxId: string): Promise<void> {
  await fs.promises.rm(path.join(dir, sandboxId), { recursive: true, force: true }).catch(() => {});
}

function removeUncommittedSync(sandboxDir: string): void {
  try {
    fs.rmSync(sandboxDir, { recursive: true, force: true });
  } catch {
    // Left for the next start to try again; nothing in it was ever acknowledged.
  }
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
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === QUARANTINE_DIR) continue;
    const sandboxDir = path.join(dir, entry.name);
    try {
      const listing = classifySandboxDir(fs.readdirSync(sandboxDir, { withFileTypes: true }));
      if (!listing.committed && isSandboxId(entry.name)) {
        removeUncommittedSync(sandboxDir);
        scan.discarded.push(entry.name);
        continue;
      }
      scan.sandboxes.push(readSandboxDirSync(sandboxDir, entry.name, listing));
    } catch (error) {
      scan.unreadable.push({ id: entry.name, reason: (error as Error).message });
    }
  }
  return scan;
}

/** Moves a sandbox directory that cannot be loaded out of the way, keeping it for a person to look at. */
export async function quarantine(dir: string, id: string, reason: string, log: Logger): Promise<void> {
  const target = path.join(dir, QUARANTINE_DIR, `${id}.${Date.now()}`);
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  await fs.promises.rename(path.join(dir, id), target);
  log.error({ sandboxId: id, reason, movedTo: target }, 'Quarantined unreadable sandbox state');
}
