import path from 'node:path';
import {
  discardTempFile,
  installTempFile,
  replaceFile,
  syncDirectory,
  syncTempFile,
  writeTempFile,
  type TempFile,
} from './atomic-file.js';
import type { FsCalls } from './fs-calls.js';

/**
 * The file work of one batch, for entries numbered by the caller. Everything that needs no fsync is done as it
 * comes; `finish` then fsyncs the durable files concurrently, renames them into place, and fsyncs every touched
 * directory once. Without sync, durable files are installed as they come too and `finish` has nothing left to do.
 */
export class BatchFiles {
  private readonly staged: Array<{ owner: number; file: TempFile }> = [];
  private readonly dirs = new Set<string>();
  private readonly errors = new Map<number, unknown>();

  constructor(
    readonly calls: FsCalls,
    private readonly sync: boolean,
  ) {}

  /** A file that must survive a power loss before its entry is answered (the commit point). */
  async writeDurable(owner: number, target: string, data: string): Promise<void> {
    if (!this.sync) return replaceFile(this.calls, target, data);
    this.staged.push({ owner, file: await writeTempFile(this.calls, target, data) });
    this.dirs.add(path.dirname(target));
  }

  /** A file that is replaced atomically but needs no fsync of its own (a view that can be rendered again). */
  async writeDerived(target: string, data: string): Promise<void> {
    await replaceFile(this.calls, target, data);
    this.dirs.add(path.dirname(target));
  }

  /** An entry of `dir` was created, renamed or removed and must be durable before the batch is answered. */
  touched(dir: string): void {
    this.dirs.add(dir);
  }

  fail(owner: number, error: unknown): void {
    if (!this.errors.has(owner)) this.errors.set(owner, error ?? new Error('write failed'));
  }

  /** Resolves with the error of each failed entry; a directory that cannot be made durable fails every entry. */
  async finish(): Promise<{ errors: ReadonlyMap<number, unknown>; all: unknown }> {
    if (!this.sync) return { errors: this.errors, all: null };
    await Promise.all(
      this.staged.map(({ owner, file }) =>
        syncTempFile(this.calls, file).catch((error: unknown) => this.fail(owner, error)),
      ),
    );
    await Promise.all(
      this.staged.map(async ({ owner, file }) => {
        // An entry that failed anywhere keeps its previous commit file whole.
        if (this.errors.has(owner)) return discardTempFile(this.calls, file);
        await installTempFile(this.calls, file).catch((error: unknown) => this.fail(owner, error));
      }),
    );
    const results = await Promise.allSettled([...this.dirs].map((dir) => syncDirectory(this.calls, dir)));
    const failed = results.find((result) => result.status === 'rejected');
    return { errors: this.errors, all: failed ? (failed.reason ?? new Error('fsync failed')) : null };
  }
}
