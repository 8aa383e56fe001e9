import fsCallbacks from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

let tempCounter = 0;

/**
 * Replace `file` with `data` so that a reader (or a crash) sees either the old or the new content, never a mix:
 * write a uniquely named temp file beside it, fsync it, then rename over the target. The rename itself becomes
 * durable when the caller fsyncs the directory (done once per directory per batch, see GroupCommitWriter).
 */
export async function writeFileAtomic(file: string, data: string, sync: boolean): Promise<void> {
  try {
    await replaceFile(file, data, sync);
  } catch (error) {
    throw namingPath(error, file);
  }
}

/** Node names the path for open() but not for write() or fsync(); an operator needs it either way. */
function namingPath(error: unknown, file: string): Error {
  const original = error as NodeJS.ErrnoException;
  if (typeof original.message === 'string' && original.message.includes(file)) return original;
  return Object.assign(new Error(`${original.message ?? String(error)} (writing ${file})`), {
    code: original.code,
  });
}

async function replaceFile(file: string, data: string, sync: boolean): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++tempCounter}.tmp`);
  try {
    await writeNewFile(temp, data, sync);
    await renameFile(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/**
 * Creates `file` (never through an existing name: O_EXCL), writes `data`, optionally fsyncs, closes. Plain
 * descriptors and callbacks rather than fs.promises FileHandles: this runs for every file of every transition, and
 * FileHandles cost several promises and objects per file (see docs/performance.md).
 */
function writeNewFile(file: string, data: string, sync: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    fsCallbacks.open(file, 'wx', 0o600, (openError, fd) => {
      if (openError) return reject(openError);
      const finish = (error: NodeJS.ErrnoException | null): void =>
        fsCallbacks.close(fd, (closeError) => {
          const failure = error ?? closeError;
          if (failure) reject(failure);
          else resolve();
        });
      fsCallbacks.writeFile(fd, data, (writeError) => {
        if (writeError || !sync) return finish(writeError);
        fsCallbacks.fsync(fd, finish);
      });
    });
  });
}

function renameFile(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) =>
    fsCallbacks.rename(from, to, (error) => (error ? reject(error) : resolve())),
  );
}

/** Make the entries of `dir` (creations, renames, removals) durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}
