/** Pod-level effective totals: the sandbox's declared value, else the sum over containers; plus overhead. */
import type { OverheadInfo, ResourceInfo, TotalKey, Totals } from './types.js';

const TOTAL_KEYS: readonly TotalKey[] = [
  'cpu_limit',
  'cpu_request',
  'memory_limit',
  'memory_request',
  'pid_limit',
  'storage_limit',
];
const CORES: ReadonlySet<TotalKey> = new Set(['cpu_limit', 'cpu_request']);

/** Sums of cores are rounded to the nano scale so 0.1 + 0.2 stays 0.3. */
const tidy = (key: TotalKey, n: number) => (CORES.has(key) ? Math.round(n * 1e9) / 1e9 : n);

const overheadOf = (o: OverheadInfo | null, key: TotalKey): number | null =>
  o !== null && (key === 'cpu_limit' || key === 'cpu_request' || key === 'memory_limit') ? o[key] : null;

/**
 * For each key: the sandbox's own value when set (kubelet declares pod totals there), else the sum of the
 * containers that declare it (null when none does). The sandbox's overhead is then added to a non-null total;
 * a null total stays null.
 */
export function podTotals(sandbox: ResourceInfo, containers: readonly ResourceInfo[]): Totals {
  const totals: Totals = {
    cpu_limit: null,
    cpu_request: null,
    memory_limit: null,
    memory_request: null,
    pid_limit: null,
    storage_limit: null,
    sources: {},
  };
  for (const key of TOTAL_KEYS) {
    const declared = containers.map((c) => c[key]).filter((v): v is number => v !== null);
    let value = sandbox[key];
    let source = 'sandbox';
    if (value === null && declared.length > 0)
      [value, source] = [declared.reduce((a, b) => a + b, 0), 'containers'];
    if (value === null) continue;
    const extra = overheadOf(sandbox.overhead, key);
    if (extra !== null) [value, source] = [value + extra, `${source}+overhead`];
    totals[key] = tidy(key, value);
    totals.sources[key] = source;
  }
  return totals;
}
