import fs from 'node:fs/promises';
import path from 'node:path';
import { InternalError, ResourceExhaustedError, type SandboxerError } from '../errors.js';
import { syncDirectory, writeFileAtomic } from './atomic-file.js';
import type { SyncMode } from './sync-mode.js';

/** What one key (one sandbox) should look like on disk, computed at flush time from its current state. */
export type DiskImage =
  | {
      kind: 'write';
      dir: string;
      /** Paths relative to `dir`; subdirectories are created as needed. */
      files: ReadonlyArray<{ name: string; data: string }>;
      remove?: readonly string[];
      /** The file whose content defines the key's durable state; `files` are then views derived from it. */
      commit?: { name: string; data: string };
    }
  | { kind: 'remove'; dir: string };

interface Pending {
  render: () => DiskImage;
  settle: Array<{ resolve: () => void; reject: (error: SandboxerError) => void }>;
}

/**
 * Group commit: every change scheduled while a batch is being written goes into the next batch, and a batch's
 * files are written and fsynced concurrently, with one fsync per touched directory. Several schedules of the same
 * key before its batch starts collapse into one write of its latest state. A schedule's promise resolves only when
 * its state is durable (or rejects with the error that prevented it).
 */
export class GroupCommitWriter {
  private pending = new Map<string, Pending>();
  private running: Promise<void> | null = null;
  private readonly knownDirs = new Set<string>();
  /** Known subdirectories of each known directory (containers/ of a sandbox), so forgetting one is O(1). */
  private readonly childDirs = new Map<string, Set<string>>();

  private readonly sync: boolean;

  constructor(private readonly mode: SyncMode) {
    this.sync = mode !== 'none';
  }

  schedule(key: string, render: () => DiskImage): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry = this.pending.get(key);
      if (entry) {
        entry.render = render;
        entry.settle.push({ resolve, reject });
      } else {
        this.pending.set(key, { render, settle: [{ resolve, reject }] });
      }
      // Start on a microtask: the caller is usually inside an actor's transition, whose snapshot is committed
      // only when it returns, and the batch renders from committed snapshots.
      this.running ??= Promise.resolve().then(() => this.drain());
    });
  }

  /** Forgets that directories under `dir` exist (someone else removed them); they are re-created on demand. */
  forgetDirectory(dir: string): void {
    // Keyed lookups, not a scan: a Shutdown must cost the same at 100k sandboxes as at 1k.
    this.knownDirs.delete(dir);
    for (const child of this.childDirs.get(dir) ?? []) this.forgetDirectory(child);
    this.childDirs.delete(dir);
  }

  /** Resolves once everything scheduled before the call is on disk (failures are reported to their callers). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        if (this.mode === 'always') {
          const [key, entry] = this.pending.entries().next().value as [string, Pending];
          this.pending.delete(key);
          await this.writeBatch([entry]);
          continue;
        }
        const batch = this.pending;
        this.pending = new Map();
        await this.writeBatch([...batch.values()]);
      }
    } finally {
      this.running = null;
    }
  }

  private async writeBatch(entries: Pending[]): Promise<void> {
    const dirsToSync = new Set<string>();
    const outcomes = await Promise.all(
      entries.map(async (entry) => {
        try {
          const image = entry.render();
          await this.apply(image, dirsToSync);
          return null;
        } catch (error) {
          return toStoreError(error);
        }
      }),
    );
    let syncError: SandboxerError | null = null;
    if (this.sync) {
      const results = await Promise.allSettled([...dirsToSync].map((dir) => syncDirectory(dir)));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) syncError = toStoreError(failed.reason);
    }
    entries.forEach((entry, index) => {
      const error = outcomes[index] ?? syncError;
      for (const waiter of entry.settle) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
    });
  }

  private async apply(image: DiskImage, dirsToSync: Set<string>): Promise<void> {
    if (image.kind === 'remove') {
      this.forgetDirectory(image.dir);
      await fs.rm(image.dir, { recursive: true, force: true });
      dirsToSync.add(path.dirname(image.dir));
      return;
    }
    if (!this.knownDirs.has(image.dir)) {
      await makeRealDirectory(image.dir);
      this.knownDirs.add(image.dir);
      dirsToSync.add(path.dirname(image.dir));
    }
    // With a commit file, the other files are views derived from it: they need no fsync of their own (they can
    // always be rendered again) and no ordering against it, so they are written alongside it. The commit file is
    // fsynced, and its directory below, which is what makes the new state durable.
    const derived = image.commit !== undefined;
    const writeFile = async (file: { name: string; data: string }, sync: boolean): Promise<void> => {
      const target = path.join(image.dir, file.name);
      const parent = path.dirname(target);
      if (!this.knownDirs.has(parent)) {
        await makeRealDirectory(parent);
        this.knownDirs.add(parent);
        if (parent !== image.dir) {
          let children = this.childDirs.get(image.dir);
          if (!children) this.childDirs.set(image.dir, (children = new Set()));
          children.add(parent);
        }
        dirsToSync.add(path.dirname(parent));
      }
      await writeFileAtomic(target, file.data, sync);
      dirsToSync.add(parent);
    };
    await Promise.all([
      ...image.files.map((file) => writeFile(file, this.sync && !derived)),
      ...(image.remove ?? []).map(async (name) => {
        const target = path.join(image.dir, name);
        await fs.rm(target, { force: true });
        dirsToSync.add(path.dirname(target));
      }),
      ...(image.commit ? [writeFile(image.commit, this.sync)] : []),
    ]);
  }
}

/**
 * Creates `dir` (its parent exists: --dir, or the sandbox directory for containers/). mkdir never follows a symlink
 * at the name itself; only when the name already exists is it checked, so the daemon never writes through a
 * symlink planted inside --dir.
 */
async function makeRealDirectory(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { mode: 0o700 });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = await fs.lstat(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} is not a directory (a symlink is never followed)`);
}

function toStoreError(error: unknown): SandboxerError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new ResourceExhaustedError(`disk full: ${message}`);
  if (code === 'EROFS') return new InternalError(`state directory is read-only: ${message}`);
  return new InternalError(`cannot write state: ${message}`);
}
