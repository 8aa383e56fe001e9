import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { formatVersion, gitCommit, versionInfo } from '../../src/process/version.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const commitPattern = /^([0-9a-f]{40}|unknown)$/;

const scratchDirs: string[] = [];
t.teardown(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rs-version-'));
  scratchDirs.push(dir);
  return dir;
}

t.test('name and version come from package.json, node from the running process', async (t) => {
  const info = versionInfo();
  t.equal(info.name, pkg.name);
  t.equal(info.version, pkg.version);
  t.equal(info.node, process.version);
  t.match(info.commit, commitPattern);
  t.type(info.buildDate, 'string');
  t.equal(versionInfo(), info, 'cached');
});

t.test('commit and build date come from build-info.json when present', async (t) => {
  const file = join(scratch(), 'build-info.json');
  writeFileSync(file, JSON.stringify({ commit: 'a'.repeat(40), buildDate: '2026-01-02T03:04:05.000Z' }));
  const info = versionInfo({ buildInfoFile: file });
  t.equal(info.commit, 'a'.repeat(40));
  t.equal(info.buildDate, '2026-01-02T03:04:05.000Z');
});

t.test('missing or malformed build-info.json falls back to git and "unknown"', async (t) => {
  const dir = scratch();
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"commit": 42');
  const wrongTypes = join(dir, 'wrong.json');
  writeFileSync(wrongTypes, JSON.stringify({ commit: 7, buildDate: '' }));
  for (const file of [join(dir, 'missing.json'), bad, wrongTypes]) {
    const info = versionInfo({ buildInfoFile: file });
    t.equal(info.buildDate, 'unknown', file);
    t.equal(info.commit, gitCommit(packageDir), file);
  }
});

t.test(
  'gitCommit: "unknown" outside a checkout, and for a directory inside someone else\'s checkout',
  async (t) => {
    t.equal(gitCommit(scratch()), 'unknown');
    t.equal(gitCommit(join(packageDir, 'test')), 'unknown', 'a subdirectory is not the package root');
    t.match(gitCommit(packageDir), commitPattern);
  },
);

t.test('formatVersion prints one line per field', async (t) => {
  const text = formatVersion({
    name: 'resource-slot',
    version: '1.2.3',
    commit: 'c'.repeat(40),
    buildDate: '2026-01-02T03:04:05.000Z',
    node: 'v20.0.0',
  });
  t.equal(
    text,
    [
      'name: resource-slot',
      'version: 1.2.3',
      `commit: ${'c'.repeat(40)}`,
      'build date: 2026-01-02T03:04:05.000Z',
      'node: v20.0.0',
      '',
    ].join('\n'),
  );
  t.equal(formatVersion().split('\n').length, 6, 'default uses versionInfo()');
});

t.test('write-build-info.js writes what versionInfo reads', async (t) => {
  const out = join(scratch(), 'nested', 'build-info.json');
  const script = join(packageDir, 'src', 'cli', 'bin', 'write-build-info.js');
  execFileSync(process.execPath, [script, out], { env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' } });
  const written = JSON.parse(readFileSync(out, 'utf8')) as unknown;
  t.same(written, { commit: gitCommit(packageDir), buildDate: '2026-01-01T00:00:00.000Z' });
  const info = versionInfo({ buildInfoFile: out });
  t.equal(info.buildDate, '2026-01-01T00:00:00.000Z');

  execFileSync(process.execPath, [script, out], { env: { ...process.env, SOURCE_DATE_EPOCH: '' } });
  const fresh = JSON.parse(readFileSync(out, 'utf8')) as { buildDate: string };
  t.ok(Math.abs(Date.parse(fresh.buildDate) - Date.now()) < 60_000, 'without SOURCE_DATE_EPOCH: now');
});

t.test('write-build-info.js never fails an install', async (t) => {
  const script = join(packageDir, 'src', 'cli', 'bin', 'write-build-info.js');
  const blocker = join(scratch(), 'a-file');
  writeFileSync(blocker, '');
  // the output's parent is a regular file: the write fails, the script warns and exits 0
  const result = execFileSync(process.execPath, [script, join(blocker, 'build-info.json')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  t.equal(result, '');
});
