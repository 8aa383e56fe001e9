// Whether a build still matches the files it was built from. The build records, for every file it read, its size,
// mtime and SHA-256; a start compares sizes and mtimes (a few hundred stat calls, about a millisecond) and hashes a
// file only when its mtime moved, so a checkout that rewrote a file with the same bytes still counts as built.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `[path relative to the package, size, mtimeMs, sha256]` of one file a build read. */
export function describeInput(packageDir, path) {
  const full = join(packageDir, path);
  const { size, mtimeMs } = statSync(full);
  return [path, size, mtimeMs, sha256(full)];
}

/** What changed since `inputs` were recorded (the first difference), or null when nothing did. */
export function firstChange(packageDir, inputs) {
  for (const [path, size, mtimeMs, hash] of inputs) {
    const full = join(packageDir, path);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      return `${path} is gone`;
    }
    if (stat.size !== size || (stat.mtimeMs !== mtimeMs && sha256(full) !== hash)) return `${path} changed`;
  }
  return null;
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
