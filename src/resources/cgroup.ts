/** Conversions shared by the CRI and OCI parsers: cgroup knobs -> cores/bytes, and their validation. */
import { InvalidArgumentError } from '../core/errors.js';
import type { Found, Layer } from './types.js';

/**
 * CPU shares -> cores. Kubelet computes shares = floor(milliCPU * 1024 / 1000) (min 2), so the inverse
 * ceil(shares * 1000 / 1024) millicores recovers its request exactly (768 -> 0.75); for other share values the
 * result is within 1/1000 core of shares/1024.
 */
export const sharesToCores = (shares: number): number => Math.ceil((shares * 1000) / 1024) / 1000;

/** Quota/period -> cpu_limit. quota < 0 is "no limit"; quota > 0 needs a positive period. */
export function cpuLimitFromQuota(
  quota: number,
  period: number,
  quotaField: string,
  source: string,
): Found<number | null> | undefined {
  if (quota === 0) return undefined;
  if (quota < 0) return { value: null, source, field: quotaField };
  if (!(period > 0)) {
    throw new InvalidArgumentError(
      quotaField,
      `quota ${quota} is set without a positive period (got ${period})`,
    );
  }
  return { value: quota / period, source, field: quotaField };
}

const PAGE_UNITS: Readonly<Record<string, bigint>> = { B: 0n, KB: 10n, MB: 20n, GB: 30n, TB: 40n, PB: 50n };

/** Hugepage sizes are written like "2MB", "1GB", "64KB" (base 1024) and must be a power of two. */
export function checkPageSize(pageSize: string, field: string): void {
  const m = /^([0-9]+)([KMGTP]?B)$/.exec(pageSize);
  const shift = m ? PAGE_UNITS[m[2] ?? ''] : undefined;
  if (!m || shift === undefined) {
    throw new InvalidArgumentError(
      field,
      `invalid hugepage size ${JSON.stringify(pageSize)}: want <n>B|KB|MB|GB|TB|PB`,
    );
  }
  const bytes = BigInt(m[1] ?? '0') << shift;
  if (bytes === 0n || (bytes & (bytes - 1n)) !== 0n) {
    throw new InvalidArgumentError(
      field,
      `invalid hugepage size ${JSON.stringify(pageSize)}: not a power of two`,
    );
  }
}

const MAX_OR_INT = /^(max|[0-9]+)$/;

function maxOrInt(raw: string, field: string): number | null {
  const v = raw.trim();
  if (!MAX_OR_INT.test(v))
    throw new InvalidArgumentError(field, `want "max" or an integer, got ${JSON.stringify(raw)}`);
  return v === 'max' ? null : Number(v);
}

/** cgroup v2 `cpu.max`: "$MAX [$PERIOD]" with $MAX "max" or µs; period defaults to 100000. */
function cpuMax(raw: string, field: string): number | null {
  const m = /^(max|[0-9]+)(?:\s+([0-9]+))?$/.exec(raw.trim());
  if (!m)
    throw new InvalidArgumentError(
      field,
      `want "max [period]" or "quota [period]", got ${JSON.stringify(raw)}`,
    );
  const period = Number(m[2] ?? '100000');
  if (period <= 0)
    throw new InvalidArgumentError(field, `period must be positive, got ${JSON.stringify(raw)}`);
  return m[1] === 'max' ? null : Number(m[1]) / period;
}

/**
 * The cgroup v2 keys that carry the same limits as dedicated fields: memory.max, cpu.max, pids.max.
 * `fieldPrefix`/`sourcePrefix` name the unified map, e.g. `options.linux.resources.unified`.
 */
export function unifiedScalars(
  unified: Readonly<Record<string, string>>,
  fieldPrefix: string,
  sourcePrefix: string,
): Layer['scalars'] {
  const out: Layer['scalars'] = {};
  const at = (key: string) => ({
    field: `${fieldPrefix}[${JSON.stringify(key)}]`,
    source: `${sourcePrefix}[${key}]`,
  });
  const mem = unified['memory.max'];
  if (mem !== undefined)
    out.memory_limit = { value: maxOrInt(mem, at('memory.max').field), ...at('memory.max') };
  const cpu = unified['cpu.max'];
  if (cpu !== undefined) out.cpu_limit = { value: cpuMax(cpu, at('cpu.max').field), ...at('cpu.max') };
  const pids = unified['pids.max'];
  if (pids !== undefined) out.pid_limit = { value: maxOrInt(pids, at('pids.max').field), ...at('pids.max') };
  return out;
}
