import fs from 'node:fs';

/**
 * The file-system calls the store makes, in one of two ways. Every result may be a value or a promise; callers
 * await it either way.
 *
 * - `direct`: synchronous calls, for a file system in memory (tmpfs, ramfs). There a call never waits for a
 *   device and costs a few microseconds in the kernel, while the same call through libuv's thread pool costs
 *   several times that in hand-offs, wake-ups and callbacks on the main thread (docs/performance.md: twice the
 *   throughput with `--sync none` on tmpfs).
 * - `pooled`: the thread pool, for everything else. On a disk a call may wait for the device or burn a lot of
 *   kernel time (journal, inode and block allocation, discards); made synchronously it would stall every RPC.
 *
 * fsync always goes through the pool: it waits for the device by definition, and a batch's fsyncs run
 * concurrently.
 */
export interface FsCalls {
  readonly kind: 'direct' | 'pooled';
  open(file: string, flags: string, mode?: number): number | Promise<number>;
  /** Writes `data` as UTF-8 at the file's position; resolves with the bytes written (a short write is possible). */
  writeString(fd: number, data: string): number | Promise<number>;
  write(fd: number, bytes: Uint8Array, offset: number): number | Promise<number>;
  close(fd: number): void | Promise<void>;
  rename(from: string, to: string): void | Promise<void>;
  unlink(file: string): void | Promise<void>;
  rmdir(dir: string): void | Promise<void>;
  mkdir(dir: string, mode: number): void | Promise<void>;
  isDirectory(file: string): boolean | Promise<boolean>;
  /** Removes `target` and everything under it; never follows symlinks; missing is fine. */
  removeTree(target: string): void | Promise<void>;
  fsync(fd: number): Promise<void>;
}

function fsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));
}

const direct: FsCalls = {
  kind: 'direct',
  open: (file, flags, mode) => fs.openSync(file, flags, mode),
  writeString: (fd, data) => fs.writeSync(fd, data),
  write: (fd, bytes, offset) => fs.writeSync(fd, bytes, offset),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (file) => fs.unlinkSync(file),
  rmdir: (dir) => fs.rmdirSync(dir),
  mkdir: (dir, mode) => void fs.mkdirSync(dir, { mode }),
  isDirectory: (file) => fs.lstatSync(file).isDirectory(),
  removeTree: (target) => fs.rmSync(target, { recursive: true, force: true }),
  fsync,
};

/** Callbacks wrapped in plain promises: cheaper than fs/promises, whose FileHandles cost several objects per file. */
function settle<T>(resolve: (value: T) => void, reject: (error: Error) => void) {
  return (error: Error | null, value?: T): void => (error ? reject(error) : resolve(value as T));
}

const pooled: FsCalls = {
  kind: 'pooled',
  open: (file, flags, mode) =>
    new Promise((resolve, reject) => fs.open(file, flags, mode, settle(resolve, reject))),
  writeString: (fd, data) => new Promise((resolve, reject) => fs.write(fd, data, settle(resolve, reject))),
  write: (fd, bytes, offset) =>
    new Promise((resolve, reject) => fs.write(fd, bytes, offset, settle(resolve, reject))),
  close: (fd) => new Promise((resolve, reject) => fs.close(fd, settle(resolve, reject))),
  rename: (from, to) => new Promise((resolve, reject) => fs.rename(from, to, settle(resolve, reject))),
  unlink: (file) => new Promise((resolve, reject) => fs.unlink(file, settle(resolve, reject))),
  rmdir: (dir) => new Promise((resolve, reject) => fs.rmdir(dir, settle(resolve, reject))),
  mkdir: (dir, mode) =>
    new Promise((resolve, reject) => fs.mkdir(dir, { mode }, (error) => (error ? reject(error) : resolve()))),
  isDirectory: (file) =>
    new Promise((resolve, reject) =>
      fs.lstat(file, (error, stats) => (error ? reject(error) : resolve(stats.isDirectory()))),
    ),
  removeTree: (target) => fs.promises.rm(target, { recursive: true, force: true }),
  fsync,
};

/** statfs f_type of the file systems that live in memory. */
const MEMORY_FILE_SYSTEMS = new Set([
  0x01021994, // tmpfs
  0x858458f6, // ramfs
]);

/** The calls for files under `dir`: direct on a file system in memory, pooled otherwise (or when unsure). */
export function fsCallsFor(dir: string): FsCalls {
  try {
    return MEMORY_FILE_SYSTEMS.has(fs.statfsSync(dir).type) ? direct : pooled;
  } catch {
    return pooled;
  }
}

export const FS_CALLS = { direct, pooled } as const;
