/**
 * `--version`: name and version from package.json, git commit and build date from src/generated/build-info.json
 * (written by src/cli/bin/write-build-info.js from the package's `prepare` script). Without that file the commit
 * is looked up with git at runtime and the build date is "unknown".
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface VersionInfo {
  name: string;
  version: string;
  /** Full git commit hash, or "unknown". */
  commit: string;
  /** ISO 8601 build time, or "unknown". */
  buildDate: string;
  /** `process.version` of the running node. */
  node: string;
}

export interface VersionInfoSources {
  /** Package root (holds package.json). Default: this file's `../..`. */
  packageDir?: string;
  /** Default: `<packageDir>/src/generated/build-info.json`. */
  buildInfoFile?: string;
}

export const UNKNOWN = 'unknown';

const defaultPackageDir = fileURLToPath(new URL('../../', import.meta.url));

let cached: VersionInfo | undefined;

/** Version information; cached when called without `sources` (tests pass `sources` to bypass the cache). */
export function versionInfo(sources?: VersionInfoSources): VersionInfo {
  if (sources === undefined && cached !== undefined) return cached;
  const packageDir = sources?.packageDir ?? defaultPackageDir;
  const buildInfoFile = sources?.buildInfoFile ?? join(packageDir, 'src', 'generated', 'build-info.json');

  const pkg = readJson(join(packageDir, 'package.json'));
  const build = readJson(buildInfoFile);
  const commit = stringField(build, 'commit') ?? gitCommit(packageDir);
  const buildDate = stringField(build, 'buildDate') ?? UNKNOWN;

  const info: VersionInfo = {
    name: stringField(pkg, 'name') ?? UNKNOWN,
    version: stringField(pkg, 'version') ?? UNKNOWN,
    commit,
    buildDate,
    node: process.version,
  };
  if (sources === undefined) cached = info;
  return info;
}

/** One `field: value` line per field, newline-terminated. */
export function formatVersion(info: VersionInfo = versionInfo()): string {
  return (
    [
      `name: ${info.name}`,
      `version: ${info.version}`,
      `commit: ${info.commit}`,
      `build date: ${info.buildDate}`,
      `node: ${info.node}`,
    ].join('\n') + '\n'
  );
}

/**
 * `git rev-parse HEAD` in `dir`, only when `dir` is itself the top of a git work tree (a package installed inside
 * some other repository must not report that repository's commit). "unknown" on any failure.
 * Keep in step with the same lookup in src/cli/bin/write-build-info.js.
 */
export function gitCommit(dir: string): string {
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5000,
      }).trim();
    if (realpathSync(git('rev-parse', '--show-toplevel')) !== realpathSync(dir)) return UNKNOWN;
    const commit = git('rev-parse', 'HEAD');
    return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit) ? commit : UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field.trim() !== '' ? field : undefined;
}
