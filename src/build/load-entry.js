// How a bin runs its entry point. RESOURCE_SLOT_BUILD chooses:
//   auto (default)  the compiled build when it matches the sources, else the TypeScript sources through tsx
//   compiled        the compiled build, or exit 2 saying it is missing or stale (CI uses this to test the build)
//   sources         always the TypeScript sources through tsx
// A stale build never runs: after the sources change, auto runs them through tsx until `npm run build` (or
// `npm ci`, whose `prepare` builds) brings the build up to date.
import { pathToFileURL } from 'node:url';
import { compiledEntry } from './compiled-entry.js';

const MODES = ['auto', 'compiled', 'sources'];
const USAGE_ERROR = 2;

/** Imports entry point `name`: its compiled bundle, or `sourceUrl` (a .ts file) through tsx. */
export async function loadEntry(name, sourceUrl, packageDir) {
  const mode = process.env.RESOURCE_SLOT_BUILD || 'auto';
  if (!MODES.includes(mode))
    exit(name, `RESOURCE_SLOT_BUILD must be one of ${MODES.join(', ')}, got '${mode}'`);
  if (mode !== 'sources') {
    const compiled = compiledEntry(name, packageDir);
    if (compiled.file) return import(pathToFileURL(compiled.file).href);
    if (mode === 'compiled')
      exit(name, `RESOURCE_SLOT_BUILD=compiled, but ${compiled.stale}: run npm run build`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(sourceUrl.href);
}

function exit(name, message) {
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(USAGE_ERROR);
}
