/**
 * The window a cost covers: from `since` to now, `since` being a duration before now (`90m`, `1h30m`, `2d`: d, h,
 * m, s, as kubectl-cost's --window takes days) or an RFC 3339 time. Empty: DEFAULT_SINCE.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { Span } from './input.js';

export const DEFAULT_SINCE = '24h';

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
const DURATION = /^(?:\d+(?:\.\d+)?[dhms])+$/;
const TERM = /(\d+(?:\.\d+)?)([dhms])/g;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function durationMs(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(TERM)) total += Number(amount) * (UNIT_MS[unit ?? 's'] ?? 0);
  return total;
}

/** @throws InvalidArgumentError naming `field` */
export function windowSince(text: string, now: number, field = 'since'): Span {
  const since = text.trim() === '' ? DEFAULT_SINCE : text.trim();
  let start: number;
  if (DURATION.test(since)) start = now - durationMs(since);
  else if (RFC3339.test(since)) start = Date.parse(since.replace(' ', 'T'));
  else
    throw new InvalidArgumentError(
      field,
      `want a duration before now (e.g. 90m, 1h30m, 2d) or an RFC 3339 time, got ${JSON.stringify(text)}`,
    );
  if (!Number.isFinite(start) || !(start < now))
    throw new InvalidArgumentError(
      field,
      `${JSON.stringify(text)} is not before now (${new Date(now).toISOString()})`,
    );
  return { start, end: now };
}

/** The part of `span` inside `window`, or null when they do not overlap. */
export function clip(span: Span, window: Span): Span | null {
  const start = Math.max(span.start, window.start);
  const end = Math.min(span.end, window.end);
  return end > start ? { start, end } : null;
}
