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
