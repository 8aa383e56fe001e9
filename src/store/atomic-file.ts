import path from 'node:path';
import type { FsCalls } from './fs-calls.js';

let tempCounter = 0;

/** A file written under a temp name beside its target, its descriptor still open, not yet renamed over it. */
export interface TempFile {
  target: string;
  temp: string;
  fd: number;
}

/**
 * Creates a uniquely named temp file beside `target` (O_EXCL: never through an existing name, so never through a
 * planted symlink) and writes `data` to it. The descriptor stays open so the caller can fsync it before
 * `installTempFile`. On failure nothing is left behind; the error names `target`.
 */
export async function writeTempFile(calls: FsCalls, target: string, data: string): Promise<TempFile> {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${++tempCounter}.tmp`,
  );
  let fd: number;
  try {
    fd = await calls.open(temp, 'wx', 0o600);
  } catch (error) {
    throw namingPath(error, target);
  }
  try {
    await writeAll(calls, fd, data);
  } catch (error) {
    await discardTempFile(calls, { target, temp, fd });
    throw namingPath(error, target);
  }
  return { target, temp, fd };
}

/** The string as it is (no Buffer to allocate), then the rest of it after a short write (a full disk, say). */
async function writeAll(calls: FsCalls, fd: number, data: string): Promise<void> {
  const written = await calls.writeString(fd, data);
  const length = Buffer.byteLength(data);
  if (written >= length) return;
  const bytes = Buffer.from(data);
  let offset = written;
  while (offset < length) offset += await calls.write(fd, bytes, offset);
}

/** Closes the temp file and renames it over its target: readers (and a crash) see the old or the new content. */
export async function installTempFile(calls: FsCalls, file: TempFile): Promise<void> {
  try {
    await calls.close(file.fd);
    await calls.rename(file.temp, file.target);
  } catch (error) {
    await ignoringErrors(() => calls.unlink(file.temp));
    throw namingPath(error, file.target);
  }
}

/** Closes and removes a temp file that will not be installed (best effort: recovery removes leftovers too). */
export async function discardTempFile(calls: FsCalls, file: TempFile): Promise<void> {
  await ignoringErrors(() => calls.close(file.fd));
  await ignoringErrors(() => calls.unlink(file.temp));
}

/** Replaces `target` with `data` atomically, without an fsync (a derived view, or `--sync none`). */
export async function replaceFile(calls: FsCalls, target: string, data: string): Promise<void> {
  await installTempFile(calls, await writeTempFile(calls, target, data));
}

/** fsync of a written temp file; the error names its target. */
export async function syncTempFile(calls: FsCalls, file: TempFile): Promise<void> {
  try {
    await calls.fsync(file.fd);
  } catch (error) {
    throw namingPath(error, file.target);
  }
}

/** Makes the entries of `dir` (creations, renames, removals) durable. */
export async function syncDirectory(calls: FsCalls, dir: string): Promise<void> {
  let fd: number | null = null;
  try {
    fd = await calls.open(dir, 'r');
    await calls.fsync(fd);
  } catch (error) {
    throw namingPath(error, dir);
  } finally {
    const opened = fd;
    if (opened !== null) await ignoringErrors(() => calls.close(opened));
  }
}

async function ignoringErrors(call: () => unknown): Promise<void> {
  try {
    await call();
  } catch {
    // Best effort: what is left behind is a temp file, which recovery removes.
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

export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}
