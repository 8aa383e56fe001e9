import fs from 'node:fs/promises';

/** Thrown when --dir is unsafe to use; the message is meant for the operator. */
export class UnsafeStateDirError extends Error {}

/**
 * Creates --dir (mode 0700) or checks an existing one: it must be a real directory (a symlink is refused, so state
 * cannot be redirected) and not writable by others; its mode is then tightened to 0700.
 */
export async function prepareStateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await fs.lstat(dir);
  if (stat.isSymbolicLink()) throw new UnsafeStateDirError(`--dir ${dir} is a symlink; refusing to use it`);
  if (!stat.isDirectory()) throw new UnsafeStateDirError(`--dir ${dir} is not a directory`);
  if ((stat.mode & 0o002) !== 0) {
    throw new UnsafeStateDirError(
      `--dir ${dir} is writable by others (mode ${(stat.mode & 0o777).toString(8)})`,
    );
  }
  if ((stat.mode & 0o777) !== 0o700) await fs.chmod(dir, 0o700);
}
