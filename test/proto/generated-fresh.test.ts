// src/generated/ must be exactly what `npm run proto` produces from proto/ today: regenerate into a
// temporary directory and compare the file set and every file byte for byte.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const committedDir = path.join(repoRoot, 'src', 'generated');
const bin = (name: string): string => path.join(repoRoot, 'node_modules', '.bin', name);
const ignored = new Set(['build-info.json']); // relative to src/generated
const fix = 'src/generated/ is stale: run `npm run proto` and commit the result';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.filter((f) => !ignored.has(f)).sort();
}

function run(cmd: string, args: string[]): void {
  try {
    execFileSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${path.basename(cmd)} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`,
    );
  }
}

/** 1-based line number and both versions of the first line where `a` and `b` differ. */
function firstDifference(a: string, b: string): { line: number; expected: string; actual: string } {
  const al = a.split('\n');
  const bl = b.split('\n');
  let i = 0;
  while (i < al.length && i < bl.length && al[i] === bl[i]) i++;
  return { line: i + 1, expected: al[i] ?? '<end of file>', actual: bl[i] ?? '<end of file>' };
}

t.test('src/generated matches a fresh `npm run proto`', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resource-slot-proto-'));
  t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // The template's plugin `out: src/generated` is taken relative to `-o`, so this writes <tmp>/src/generated.
  run(bin('buf'), ['generate', 'proto', '--template', 'proto/buf.gen.yaml', '-o', tmp]);
  const freshDir = path.join(tmp, 'src', 'generated');
  // Outside the repository prettier would not find the project's settings (the "prettier" key of
  // package.json), so point it there explicitly; editorconfig files around the tmp dir must not count.
  run(bin('prettier'), [
    '--config',
    path.join(repoRoot, 'package.json'),
    '--no-editorconfig',
    '--log-level',
    'warn',
    '--write',
    freshDir,
  ]);

  const fresh = listFiles(freshDir);
  const committed = listFiles(committedDir);
  t.ok(fresh.length > 0, 'the generator produced files');
  t.strictSame(committed, fresh, `src/generated/ has the same file set as a fresh generation — ${fix}`);

  for (const rel of fresh.filter((f) => committed.includes(f))) {
    const want = fs.readFileSync(path.join(freshDir, rel));
    const have = fs.readFileSync(path.join(committedDir, rel));
    if (want.equals(have)) {
      t.pass(`src/generated/${rel} is up to date`);
    } else {
      const d = firstDifference(want.toString('utf8'), have.toString('utf8'));
      t.fail(`src/generated/${rel} differs from a fresh generation (first at line ${d.line}) — ${fix}`, {
        found: d.actual,
        wanted: d.expected,
      });
    }
  }
});
