// Where the compiled build of this checkout lives: node_modules/.cache/resource-slot/<key>/, beside the installed
// packages it needs. node_modules is the one place a fresh `npm ci` clears and rebuilds (through `prepare`), every
// tool already ignores it, and the repository's top level stays free of build output. The key is a hash of the
// package directory, because bundles carry the absolute paths of their sources (see build.js): a checkout that
// shares node_modules with another (git worktrees) or moved gets a build of its own instead of running another's.
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = realpathSync(fileURLToPath(new URL('../../', import.meta.url)));

export function buildRoot(packageDir = PACKAGE_DIR) {
  const key = createHash('sha256').update(packageDir).digest('hex').slice(0, 12);
  return join(packageDir, 'node_modules', '.cache', 'resource-slot', key);
}

/** `<root>/current.json` names the directory of the newest complete build. */
export const CURRENT_FILE = 'current.json';
/** Each entry point's directory in a build holds its bundle and the manifest of the files it was built from. */
export const MANIFEST_FILE = 'manifest.json';
