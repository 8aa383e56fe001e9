import path from 'node:path';
import { InternalError, ResourceExhaustedError, type SandboxerError } from '../core/errors.js';
import { BatchFiles } from './batch-files.js';
import { makeRealDirectory, removeDirectory } from './directories.js';
import { FS_CALLS, fsCallsFor, type FsCalls } from './fs-calls.js';
import type { SyncMode } from './sync-mode.js';
import { timedFsync, type WriterObserver } from './writer-observer.js';

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
  | {
      kind: 'remove';
      dir: string;
      /**
       * Files known to be in `dir` (relative to it), unlinked in this order before `dir` itself: put the commit
       * file first, so that from then on recovery sees a directory that holds no state. Anything else in `dir` is
       * found and removed too, only more slowly.
       */
      files?: readonly string[];
    };

interface Pending {
  key: string;
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
  /**
   * The keys whose directory is known to exist, each with the bits (subdirBit) of its subdirectories known to
   * exist. Keyed by key and held as a number, so that at 100k sandboxes nothing but the entry is kept per sandbox,
   * and forgetting one is O(1).
   */
  private readonly knownDirs = new Map<string, number>();

  private readonly sync: boolean;
  private calls: FsCalls | null;

  /**
   * `calls` chooses how file-system calls are made; by default from the file system the files are on. `observer`
   * is told each batch's size and each fsync's time.
   */
  constructor(
    private readonly mode: SyncMode,
    calls?: FsCalls,
    private readonly observer?: WriterObserver,
  ) {
    this.sync = mode !== 'none';
    this.calls = calls ? this.observed(calls) : null;
  }

  schedule(key: string, render: () => DiskImage): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry = this.pending.get(key);
      if (entry) {
        entry.render = render;
        entry.settle.push({ resolve, reject });
      } else {
        this.pending.set(key, { key, render, settle: [{ resolve, reject }] });
      }
      // Start on a microtask: the caller is usually inside an actor's transition, whose snapshot is committed
      // only when it returns, and the batch renders from committed snapshots.
      this.running ??= Promise.resolve().then(() => this.drain());
    });
  }

  /** Forgets that the directories of `key` exist (someone else removed them); they are re-created on demand. */
  forget(key: string): void {
    this.knownDirs.delete(key);
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
    const images = entries.map((entry) => {
      try {
        return entry.render();
      } catch (error) {
        return { failed: error };
      }
    });
    const batch = new BatchFiles(this.callsFor(images), this.sync);
    await Promise.all(
      images.map(async (image, index) => {
        try {
          if ('failed' in image) throw image.failed;
          await this.stage(entries[index]!.key, image, batch, index);
        } catch (error) {
          batch.fail(index, error);
        }
      }),
    );
    const { errors, all } = await batch.finish();
    this.observer?.batchWritten(entries.length);
    entries.forEach((entry, index) => {
      const failure = errors.get(index) ?? all;
      const error = failure ? toStoreError(failure) : null;
      for (const waiter of entry.settle) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
    });
  }

  /** Chosen once, from the file system the first key's directory is on (every key lives under one --dir). */
  private callsFor(images: ReadonlyArray<DiskImage | { failed: unknown }>): FsCalls {
    if (this.calls) return this.calls;
    const first = images.find((image): image is DiskImage => 'dir' in image);
    if (!first) return this.observed(FS_CALLS.pooled);
    return (this.calls = this.observed(fsCallsFor(path.dirname(first.dir))));
  }

  private observed(calls: FsCalls): FsCalls {
    return this.observer ? timedFsync(calls, this.observer) : calls;
  }

  private async stage(key: string, image: DiskImage, batch: BatchFiles, owner: number): Promise<void> {
    const { calls } = batch;
    if (image.kind === 'remove') {
      const known = this.knownDirs.get(key) ?? 0;
      const subdirs = SUBDIRS.filter((_, bit) => known & (1 << bit)).map((name) =>
        path.join(image.dir, name),
      );
      this.forget(key);
      await removeDirectory(calls, image.dir, image.files ?? [], subdirs);
      batch.touched(path.dirname(image.dir));
      return;
    }
    await this.ensureDirectory(calls, key, image.dir, '', batch);
    // With a commit file, the other files are views derived from it: they need no fsync of their own (they can
    // always be rendered again) and no ordering against it, so they are written alongside it. The commit file is
    // fsynced, and its directory after it, which is what makes the new state durable.
    const derived = image.commit !== undefined;
    const write = async (file: { name: string; data: string }, durable: boolean): Promise<void> => {
      const target = path.join(image.dir, file.name);
      const slash = file.name.lastIndexOf('/');
      if (slash > 0) await this.ensureDirectory(calls, key, image.dir, file.name.slice(0, slash), batch);
      if (durable) await batch.writeDurable(owner, target, file.data);
      else await batch.writeDerived(target, file.data);
    };
    const remove = async (name: string): Promise<void> => {
      const target = path.join(image.dir, name);
      await calls.removeTree(target);
      batch.touched(path.dirname(target));
    };
    await Promise.all([
      ...image.files.map((file) => write(file, !derived)),
      ...(image.remove ?? []).map(remove),
      ...(image.commit ? [write(image.commit, true)] : []),
    ]);
  }

  /** Creates the key's directory `keyDir` (subdir '') or its subdirectory `subdir`, unless known to exist. */
  private async ensureDirectory(
    calls: FsCalls,
    key: string,
    keyDir: string,
    subdir: string,
    batch: BatchFiles,
  ): Promise<void> {
    const bit = subdir === '' ? 0 : subdirBit(subdir);
    const known = this.knownDirs.get(key);
    const remembered = subdir === '' || bit !== 0;
    if (known !== undefined && remembered && (known & bit) === bit) return;
    const dir = subdir === '' ? keyDir : path.join(keyDir, subdir);
    await makeRealDirectory(calls, dir);
    this.knownDirs.set(key, (this.knownDirs.get(key) ?? 0) | bit);
    batch.touched(path.dirname(dir));
  }
}

/** Names of the subdirectories seen so far (containers/), in the order of their bits. */
const SUBDIRS: string[] = [];
const MAX_SUBDIR_BITS = 30;

/** The bit of a subdirectory name; 0 (never remembered, so made again on each write) beyond the first 30 names. */
function subdirBit(name: string): number {
  let index = SUBDIRS.indexOf(name);
  if (index < 0 && SUBDIRS.length < MAX_SUBDIR_BITS) index = SUBDIRS.push(name) - 1;
  return index < 0 ? 0 : 1 << index;
}

function toStoreError(error: unknown): SandboxerError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new ResourceExhaustedError(`disk full: ${message}`);
  if (code === 'EROFS') return new InternalError(`state directory is read-only: ${message}`);
  return new InternalError(`cannot write state: ${message}`);
}
