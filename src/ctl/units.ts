/** Human forms of ResourceInfo values for tables (JSON and YAML output keep the exact numbers). */

const NONE = '-';

/** Cores as Kubernetes writes them: whole cores plainly, anything else in millicores ("1500m"). */
export function formatCores(cores: number | null | undefined): string {
  if (cores === null || cores === undefined) return NONE;
  if (Number.isInteger(cores)) return String(cores);
  const milli = cores * 1000;
  return Number.isInteger(Math.round(milli * 1e6) / 1e6) ? `${Math.round(milli)}m` : `${cores}`;
}

const BINARY = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
] as const;

/** Bytes in the largest binary unit they reach: exact when they divide, else with one decimal ("1.5Gi"). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return NONE;
  for (const [suffix, size] of BINARY) {
    if (Math.abs(bytes) < size) continue;
    const value = bytes / size;
    return Number.isInteger(value) ? `${value}${suffix}` : `${value.toFixed(1)}${suffix}`;
  }
  return String(bytes);
}

const MiB = 2 ** 20;

/** CPU usage as `kubectl top` prints it: always millicores, to the nearest one ("125m", "0m"). */
export function formatMillicores(cores: number): string {
  return `${Math.round(cores * 1000)}m`;
}

/** Memory usage as `kubectl top` prints it: whole mebibytes, rounded down ("64Mi"). */
export function formatMebibytes(bytes: number): string {
  return `${Math.floor(bytes / MiB)}Mi`;
}

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'] as const;

/**
 * Bytes as `crictl stats` prints them (go-units HumanSize, i.e. Go's "%.4g%s"): decimal units, four significant
 * digits, trailing zeros dropped ("67.11MB", "1GB", "0B").
 */
export function formatHumanSize(bytes: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < DECIMAL.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${Number(size.toPrecision(4))}${DECIMAL[unit]}`;
}

export function formatCount(count: number | null | undefined): string {
  return count === null || count === undefined ? NONE : String(count);
}

/** kubectl-style age: 45s, 12m, 3h, 2d. */
export function formatAge(sinceMillis: number | null, nowMillis: number): string {
  if (sinceMillis === null) return NONE;
  const seconds = Math.max(0, Math.floor((nowMillis - sinceMillis) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** crictl shows the first 13 characters of an id unless --no-trunc is given. */
export const TRUNCATED_ID_LENGTH = 13;

export function shortId(id: string, noTrunc: boolean): string {
  return noTrunc ? id : id.slice(0, TRUNCATED_ID_LENGTH);
}

/** A call's duration: below a second in milliseconds to a tenth ("0.4ms", "12.5ms"), else in seconds ("2.35s"). */
export function formatDuration(millis: number): string {
  // Below 999.95 so that what rounds up to a second prints as one.
  return millis < 999.95 ? `${millis.toFixed(1)}ms` : `${(millis / 1000).toFixed(2)}s`;
}
