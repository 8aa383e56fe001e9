import path from 'node:path';
import type { FsCalls } from './fs-calls.js';

/**
 * Creates `dir` (its parent exists: --dir, or the sandbox directory for containers/). mkdir never follows a symlink
 * at the name itself; only when the name already exists is it checked, so the daemon never writes through a
 * symlink planted inside --dir.
 */
export async function makeRealDirectory(calls: FsCalls, dir: string): Promise<void> {
  try {
    await calls.mkdir(dir, 0o700);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (!(await calls.isDirectory(dir)))
    throw new Error(`${dir} is not a directory (a symlink is never followed)`);
}

/**
 * Removes `dir`: first the files named in `files`, in order (relative to `dir`; missing ones are fine), then the
 * subdirectories in `subdirs`, then `dir` itself. That is one call per entry instead of the failed rmdir, readdir
 * and lstat per entry of a recursive removal; anything else found in there (say, a view written by the daemon
 * before a restart) falls back to the recursive removal, which never follows symlinks.
 */
export async function removeDirectory(
  calls: FsCalls,
  dir: string,
  files: readonly string[],
  subdirs: Iterable<string>,
): Promise<void> {
  try {
    for (const name of files) await missingIsFine(() => calls.unlink(path.join(dir, name)));
    for (const subdir of subdirs) await missingIsFine(() => calls.rmdir(subdir));
    await missingIsFine(() => calls.rmdir(dir));
  } catch {
    await calls.removeTree(dir);
  }
}

async function missingIsFine(call: () => void | Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
