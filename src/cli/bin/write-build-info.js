#!/usr/bin/env node
// Writes src/generated/build-info.json ({ "commit": ..., "buildDate": ... }) for `resource-slot-sandboxer --version`.
// Run from package.json "prepare", so `npm ci` produces it. Plain Node ESM, no dependencies.
//
//   node src/cli/bin/write-build-info.js [output-file]
//
// commit: `git rev-parse HEAD` of the package directory, "unknown" when it is not the top of a git checkout.
// buildDate: now (ISO 8601), or SOURCE_DATE_EPOCH when set (reproducible builds).
// It never fails the install: on any error it warns on stderr and exits 0 (--version then falls back to git).
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const output = resolve(process.argv[2] ?? join(packageDir, 'src', 'generated', 'build-info.json'));

// Keep in step with gitCommit() in src/process/version.ts.
function gitCommit(dir) {
  try {
    const git = (...args) =>
      execFileSync('git', args, {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5000,
      }).trim();
    if (realpathSync(git('rev-parse', '--show-toplevel')) !== realpathSync(dir)) return 'unknown';
    const commit = git('rev-parse', 'HEAD');
    return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit) ? commit : 'unknown';
  } catch {
    return 'unknown';
  }
}

function buildDate() {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

const tmp = `${output}.${process.pid}.tmp`;
try {
  const info = { commit: gitCommit(packageDir), buildDate: buildDate() };
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`);
  renameSync(tmp, output);
} catch (err) {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // best effort
  }
  console.warn(
    `write-build-info: could not write ${output}: ${err instanceof Error ? err.message : String(err)}`,
  );
}
