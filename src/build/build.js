#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` builds): bundles each entry point of entry-points.js with esbuild into
// one ESM file plus lazily loaded chunks, under node_modules/.cache/resource-slot/<key>/<id>/ (location.js says why
// there), with a manifest of every file it was built from (freshness.js). Then current.json points at it.
//
//   node src/build/build.js [--if-possible]
//
// --if-possible (prepare): a failed build warns and exits 0; the bins then run the sources through tsx.
//
// Why bundle: started through tsx, the daemon compiled ~270 TypeScript files at every start and kept the compiler
// in memory (docs/performance.md, "Fixed cost per node"). The packages are bundled too: resolving and loading a few
// hundred small files cost more than the code in them. Dynamic imports stay lazy (chunks), so what a flag turns off
// is still not loaded. `import.meta.url` is replaced by the source file's own URL, so paths the code derives from it
// (the relay binary, the debug page's files, package.json) stay those of the checkout.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENTRY_POINTS } from './entry-points.js';
import { describeInput } from './freshness.js';
import { buildRoot, CURRENT_FILE, MANIFEST_FILE, PACKAGE_DIR } from './location.js';

/** Files every entry depends on besides what esbuild reads: the build recipe, the installed packages, the config. */
const ALWAYS_INPUTS = [
  'package.json',
  'tsconfig.json',
  'node_modules/.package-lock.json',
  ...['build.js', 'compiled-entry.js', 'entry-points.js', 'freshness.js', 'load-entry.js', 'location.js'].map(
    (file) => `src/build/${file}`,
  ),
];
/** Loaded on demand for `diagram` only, and carries its own WebAssembly: left to node_modules. */
const EXTERNAL = ['@viz-js/viz'];
/** Builds older than this, other than the current one, are removed: a process started from one may still load its chunks. */
const KEEP_OLD_MS = 10 * 60_000;

/** Builds `entries` of the package in `packageDir`; returns the build directory. */
export async function build({ packageDir = PACKAGE_DIR, entries = ENTRY_POINTS } = {}) {
  const esbuild = await import('esbuild');
  const root = buildRoot(packageDir);
  const scratch = join(root, `building-${process.pid}-${Date.now()}`);
  mkdirSync(scratch, { recursive: true });
  try {
    const hashes = [];
    for (const [name, source] of Object.entries(entries)) {
      const inputs = await bundle(esbuild, packageDir, source, join(scratch, name));
      hashes.push(name, ...inputs.map((input) => input.join(' ')));
    }
    const id = createHash('sha256').update(hashes.join('\n')).digest('hex').slice(0, 16);
    const dir = join(root, id);
    if (existsSync(dir)) rmSync(scratch, { recursive: true, force: true });
    else renameSync(scratch, dir);
    writeAtomically(join(root, CURRENT_FILE), `${JSON.stringify({ id })}\n`);
    removeOldBuilds(root, id);
    return dir;
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

async function bundle(esbuild, packageDir, source, outdir) {
  const result = await esbuild.build({
    absWorkingDir: packageDir,
    entryPoints: { main: source },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    metafile: true,
    logLevel: 'warning',
    // Less to parse at every start; names stay, so stack traces still read. The source maps are for
    // NODE_OPTIONS=--enable-source-maps when a trace must point into src/ (off by default: it slows the start).
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    // Bundled CommonJS packages call require() for node's modules; an ES module has none of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
    plugins: [sourceUrls(packageDir)],
  });
  const read = Object.keys(result.metafile.inputs).filter((path) => !isPackageFile(path));
  const inputs = [...new Set([...read, ...ALWAYS_INPUTS])]
    .sort()
    .map((path) => describeInput(packageDir, path));
  writeFileSync(join(outdir, MANIFEST_FILE), `${JSON.stringify({ source, bundle: 'main.js', inputs })}\n`);
  return inputs;
}

/** Replaces `import.meta.url` in our TypeScript with the file's own URL (see the top of this file). */
function sourceUrls(packageDir) {
  return {
    name: 'source-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (isPackageFile(relative(packageDir, args.path))) return undefined;
        const text = readFileSync(args.path, 'utf8');
        return {
          contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
          loader: 'ts',
        };
      });
    },
  };
}

/** A file of an installed package (node_modules may be a symlink, so the path can lead out of the checkout). */
function isPackageFile(path) {
  return path.split('/').includes('node_modules');
}

function writeAtomically(file, text) {
  const scratch = `${file}.${process.pid}.tmp`;
  writeFileSync(scratch, text);
  renameSync(scratch, file);
}

function removeOldBuilds(root, currentId) {
  for (const name of readdirSync(root)) {
    if (name === currentId || name === CURRENT_FILE) continue;
    const path = join(root, name);
    if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_MS) rmSync(path, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ifPossible = process.argv.includes('--if-possible');
  try {
    const dir = await build();
    process.stdout.write(`resource-slot build: ${relative(PACKAGE_DIR, dir)}\n`);
  } catch (error) {
    process.stderr.write(
      `resource-slot build failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    if (ifPossible) process.stderr.write('resource-slot build: the bins will run the sources through tsx\n');
    else process.exitCode = 1;
  }
}
