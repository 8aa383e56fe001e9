/** What the daemon's and the relay's bins run now (src/build/load-entry.js), for the fixed-cost figure's label. */
import { compiledEntry } from '../../src/build/compiled-entry.js';

export function binBuild(env: NodeJS.ProcessEnv = process.env): string {
  const mode = env['RESOURCE_SLOT_BUILD'] || 'auto';
  if (mode === 'sources') return 'sources through tsx (RESOURCE_SLOT_BUILD=sources)';
  const entries = ['resource-slot-sandboxer', 'resource-slot-task-relay'].map((name) => compiledEntry(name));
  const stale = entries.find((entry) => 'stale' in entry);
  return stale && 'stale' in stale ? `sources through tsx (${stale.stale})` : 'compiled (npm run build)';
}
