/**
 * The compiled build (src/build/) of a small package in a temp directory: a build runs only while it matches every
 * file it was built from, a stale one never runs (auto falls back to the sources, compiled refuses), and
 * `import.meta.url` in a bundle still names the source file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { build } from '../../src/build/build.js';
import { compiledEntry } from '../../src/build/compiled-entry.js';

const BUILD_DIR = path.resolve(import.meta.dirname, '../../src/build');
const LOAD_ENTRY = pathToFileURL(path.join(BUILD_DIR, 'load-entry.js')).href;

/** A package with one entry point, `demo` (src/entry.ts, which imports src/answer.ts), and the build's own files. */
function demoPackage(t: { teardown(fn: () => void): void }): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rs-build-')));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('package.json', '{ "name": "demo", "type": "module" }\n');
  write('tsconfig.json', '{}\n');
  write('node_modules/.package-lock.json', '{}\n');
  fs.mkdirSync(path.join(dir, 'src/build'), { recursive: true });
  for (const file of fs.readdirSync(BUILD_DIR))
    fs.copyFileSync(path.join(BUILD_DIR, file), path.join(dir, 'src/build', file));
  write('src/answer.ts', 'export const answer: number = 42;\n');
  write(
    'src/entry.ts',
    "export { answer } from './answer.js';\nexport const here: string = import.meta.url;\n",
  );
  return dir;
}

/** Runs entry `demo` of `dir` as a bin does, with RESOURCE_SLOT_BUILD=`mode`; prints what it exported. */
function runDemo(dir: string, mode: string) {
  const source = pathToFileURL(path.join(dir, 'src/entry.ts')).href;
  const script =
    `const { loadEntry } = await import(${JSON.stringify(LOAD_ENTRY)});` +
    `const m = await loadEntry('demo', new URL(${JSON.stringify(source)}), ${JSON.stringify(dir)});` +
    'console.log(JSON.stringify({ answer: m.answer, here: m.here }));';
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, RESOURCE_SLOT_BUILD: mode },
  });
}

t.test('a fresh build runs, and its import.meta.url is the source file', async (t) => {
  const dir = demoPackage(t);
  t.match(compiledEntry('demo', dir), { stale: /no compiled build/ });
  await build({ packageDir: dir, entries: { demo: 'src/entry.ts' } });
  const compiled = compiledEntry('demo', dir);
  t.ok('file' in compiled && compiled.file.startsWith(path.join(dir, 'node_modules/.cache/resource-slot/')));
  const run = runDemo(dir, 'compiled');
  t.equal(run.status, 0, run.stderr);
  t.same(JSON.parse(run.stdout), { answer: 42, here: pathToFileURL(path.join(dir, 'src/entry.ts')).href });
});

t.test('a changed source makes the build stale: auto runs the sources, compiled refuses', async (t) => {
  const dir = demoPackage(t);
  await build({ packageDir: dir, entries: { demo: 'src/entry.ts' } });
  fs.writeFileSync(path.join(dir, 'src/answer.ts'), 'export const answer: number = 43;\n');
  t.match(compiledEntry('demo', dir), { stale: /src\/answer\.ts changed/ });
  const auto = runDemo(dir, 'auto');
  t.equal(auto.status, 0, auto.stderr);
  t.equal(JSON.parse(auto.stdout).answer, 43, 'the sources ran, through tsx');
  const compiled = runDemo(dir, 'compiled');
  t.equal(compiled.status, 2);
  t.match(
    compiled.stderr,
    /RESOURCE_SLOT_BUILD=compiled, but the compiled build is stale \(src\/answer\.ts changed/,
  );
  t.match(compiled.stderr, /run npm run build/);
  await build({ packageDir: dir, entries: { demo: 'src/entry.ts' } });
  t.equal(JSON.parse(runDemo(dir, 'compiled').stdout).answer, 43, 'rebuilt');
});

t.test(
  'a new mtime with the same bytes (a checkout) keeps the build; a removed file or a changed recipe does not',
  async (t) => {
    const dir = demoPackage(t);
    await build({ packageDir: dir, entries: { demo: 'src/entry.ts' } });
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(dir, 'src/answer.ts'), later, later);
    t.ok('file' in compiledEntry('demo', dir), 'touched, same bytes');
    fs.appendFileSync(path.join(dir, 'src/build/freshness.js'), '\n');
    t.match(compiledEntry('demo', dir), { stale: /src\/build\/freshness\.js changed/ });
    fs.rmSync(path.join(dir, 'src/answer.ts'));
    t.match(compiledEntry('demo', dir), { stale: /src\/answer\.ts is gone/ });
  },
);

t.test('RESOURCE_SLOT_BUILD=sources ignores a fresh build; an unknown value is refused', async (t) => {
  const dir = demoPackage(t);
  await build({ packageDir: dir, entries: { demo: 'src/entry.ts' } });
  fs.writeFileSync(path.join(dir, 'node_modules/.cache/resource-slot/marker'), '');
  const sources = runDemo(dir, 'sources');
  t.equal(sources.status, 0, sources.stderr);
  t.equal(JSON.parse(sources.stdout).here, pathToFileURL(path.join(dir, 'src/entry.ts')).href);
  const unknown = runDemo(dir, 'fast');
  t.equal(unknown.status, 2);
  t.match(unknown.stderr, /RESOURCE_SLOT_BUILD must be one of auto, compiled, sources, got 'fast'/);
});
