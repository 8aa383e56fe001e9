// Finds the compiled bundle of an entry point, if the newest build of this checkout still matches its sources.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstChange } from './freshness.js';
import { buildRoot, CURRENT_FILE, MANIFEST_FILE, PACKAGE_DIR } from './location.js';

/** `{ file }` of the bundle to import, or `{ stale }` saying why there is none to run. */
export function compiledEntry(name, packageDir = PACKAGE_DIR) {
  const root = buildRoot(packageDir);
  const current = readJson(join(root, CURRENT_FILE));
  if (typeof current?.id !== 'string') return { stale: 'there is no compiled build' };
  const dir = join(root, current.id, name);
  const manifest = readJson(join(dir, MANIFEST_FILE));
  if (typeof manifest?.bundle !== 'string' || !Array.isArray(manifest.inputs))
    return { stale: `the compiled build has no ${name}` };
  const change = firstChange(packageDir, manifest.inputs);
  if (change !== null) return { stale: `the compiled build is stale (${change} since it was built)` };
  return { file: join(dir, manifest.bundle) };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
