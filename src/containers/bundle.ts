/**
 * Reads the inputs containerd leaves in a task's bundle directory (contract B4): the OCI runtime spec in
 * `<bundle>/config.json` and, when containerd knows the sandbox, its id in `<bundle>/sandbox`.
 *
 * Both files are opened without following symlinks (O_NOFOLLOW, after an lstat for clear messages), must be
 * regular files and are size-checked before and while reading, so a hostile bundle can neither point the daemon
 * at another file nor make it read something huge. O_NONBLOCK keeps a FIFO planted there from blocking the open.
 */
import { constants, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { FailedPreconditionError, InvalidArgumentError } from '../core/errors.js';

export const DEFAULT_MAX_SPEC_BYTES = 16 * 1024 * 1024;
/** A sandbox id is at most 76 characters; anything much larger is not a sandbox file. */
export const MAX_SANDBOX_FILE_BYTES = 4096;
/** The request field every bundle error names. */
export const BUNDLE_FIELD = 'bundle';
/** The prefix for errors about config.json's content; pass it as `fieldPrefix` when extracting resources. */
export const CONFIG_JSON_FIELD = 'bundle/config.json';

export interface BundleSpec {
  /** The parsed OCI runtime spec. */
  spec: Record<string, unknown>;
  /** `spec.annotations`, keeping only string values (the OCI spec allows nothing else). */
  annotations: Record<string, string>;
  /** Trimmed content of `<bundle>/sandbox`; null when the file is absent or empty. */
  sandboxIdFile: string | null;
}

export interface ReadBundleOptions {
  maxSpecBytes?: number;
}

/**
 * @throws InvalidArgumentError for a bad bundle path or a missing, unsafe, oversized or malformed config.json
 * @throws FailedPreconditionError when the files exist but cannot be read (e.g. permissions)
 */
export async function readBundle(bundlePath: string, options: ReadBundleOptions = {}): Promise<BundleSpec> {
  const bundle = checkBundlePath(bundlePath);
  const maxSpecBytes = options.maxSpecBytes ?? DEFAULT_MAX_SPEC_BYTES;
  if (!Number.isSafeInteger(maxSpecBytes) || maxSpecBytes < 0) {
    throw new RangeError(`readBundle: maxSpecBytes must be a non-negative integer, got ${maxSpecBytes}`);
  }
  const configPath = path.join(bundle, 'config.json');
  const configBytes = await readSmallRegularFile(configPath, maxSpecBytes);
  if (configBytes === null) throw new InvalidArgumentError(BUNDLE_FIELD, `${configPath} does not exist`);
  const spec = parseSpec(configBytes, configPath);
  return {
    spec,
    annotations: stringAnnotations(spec['annotations']),
    sandboxIdFile: await readSandboxIdFile(path.join(bundle, 'sandbox')),
  };
}

function checkBundlePath(bundlePath: string): string {
  if (typeof bundlePath !== 'string' || bundlePath.length === 0) {
    throw new InvalidArgumentError(BUNDLE_FIELD, 'must be the absolute path of the task bundle directory');
  }
  if (bundlePath.includes('\0')) throw new InvalidArgumentError(BUNDLE_FIELD, 'must not contain NUL bytes');
  if (!path.isAbsolute(bundlePath)) {
    throw new InvalidArgumentError(
      BUNDLE_FIELD,
      `must be an absolute path, got ${JSON.stringify(bundlePath)}`,
    );
  }
  return path.resolve(bundlePath);
}

function parseSpec(bytes: Buffer, configPath: string): Record<string, unknown> {
  const text = decodeUtf8(bytes, CONFIG_JSON_FIELD, configPath);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(CONFIG_JSON_FIELD, `invalid JSON: ${messageOf(error)} (${configPath})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidArgumentError(
      CONFIG_JSON_FIELD,
      `must be a JSON object (an OCI runtime spec), got ${describeJson(parsed)} (${configPath})`,
    );
  }
  return parsed as Record<string, unknown>;
}

function stringAnnotations(value: unknown): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return annotations;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') annotations[key] = entry;
  return annotations;
}

async function readSandboxIdFile(sandboxPath: string): Promise<string | null> {
  const bytes = await readSmallRegularFile(sandboxPath, MAX_SANDBOX_FILE_BYTES);
  if (bytes === null) return null;
  const id = decodeUtf8(bytes, BUNDLE_FIELD, sandboxPath).trim();
  return id.length > 0 ? id : null;
}

/** The file's bytes, or null if it does not exist. Never follows a symlink at `filePath` itself. */
async function readSmallRegularFile(filePath: string, maxBytes: number): Promise<Buffer | null> {
  const linkStats = await lstatOrNull(filePath);
  if (linkStats === null) return null;
  checkRegularFile(linkStats, filePath);
  checkSize(linkStats.size, filePath, maxBytes);
  const handle = await openNoFollow(filePath);
  try {
    const openedStats = await handle.stat();
    checkRegularFile(openedStats, filePath);
    if (openedStats.ino !== linkStats.ino || openedStats.dev !== linkStats.dev) {
      throw new InvalidArgumentError(BUNDLE_FIELD, `${filePath} changed while being read`);
    }
    return await readAtMost(handle, filePath, linkStats.size, maxBytes);
  } finally {
    await handle.close();
  }
}

async function lstatOrNull(filePath: string): Promise<Stats | null> {
  try {
    return await fs.lstat(filePath);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') {
      throw new InvalidArgumentError(BUNDLE_FIELD, `${path.dirname(filePath)} is not a directory`);
    }
    throw cannotRead(filePath, error);
  }
}

async function openNoFollow(filePath: string): Promise<fs.FileHandle> {
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  try {
    return await fs.open(filePath, flags);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP') throw new InvalidArgumentError(BUNDLE_FIELD, `${filePath} must not be a symlink`);
    if (code === 'ENOENT')
      throw new InvalidArgumentError(BUNDLE_FIELD, `${filePath} disappeared while being read`);
    throw cannotRead(filePath, error);
  }
}

function checkRegularFile(stats: Stats, filePath: string): void {
  if (stats.isSymbolicLink())
    throw new InvalidArgumentError(BUNDLE_FIELD, `${filePath} must not be a symlink`);
  if (!stats.isFile()) throw new InvalidArgumentError(BUNDLE_FIELD, `${filePath} is not a regular file`);
}

function checkSize(size: number, filePath: string, maxBytes: number): void {
  if (size > maxBytes) {
    throw new InvalidArgumentError(
      BUNDLE_FIELD,
      `${filePath} is ${size} bytes, larger than the limit of ${maxBytes} bytes (${formatBytes(maxBytes)})`,
    );
  }
}

/**
 * Reads to EOF, failing as soon as more than `maxBytes` arrive (the file may grow after the size check). The
 * buffer starts at the size lstat reported and grows only if the file did.
 */
async function readAtMost(
  handle: fs.FileHandle,
  filePath: string,
  expectedSize: number,
  maxBytes: number,
): Promise<Buffer> {
  let buffer = Buffer.alloc(Math.min(expectedSize + 1, maxBytes + 1));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) checkSize(length, filePath, maxBytes);
      const grown = Buffer.alloc(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) return buffer.subarray(0, length);
    length += bytesRead;
  }
}

function decodeUtf8(bytes: Buffer, field: string, filePath: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidArgumentError(field, `${filePath} is not valid UTF-8`);
  }
}

function cannotRead(filePath: string, error: unknown): FailedPreconditionError {
  return new FailedPreconditionError(`cannot read ${filePath}: ${messageOf(error)}`);
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (Number.isInteger(mib)) return `${mib} MiB`;
  const kib = bytes / 1024;
  return Number.isInteger(kib) ? `${kib} KiB` : `${bytes} B`;
}
