/**
 * Durations in the fault plan, Go-style: one or more `<number><unit>` terms with units `ms`, `s`, `m`, `h`
 * (`200ms`, `2s`, `1.5m`, `1h30m`), or a bare `0`. No sign: a duration is never negative.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/** The duration in milliseconds, or a sentence saying what is wrong (the caller names the field). */
export function parseDurationMs(text: string): number | string {
  if (text === '0') return 0;
  if (text === '') return 'empty duration (write it like 200ms or 2s)';
  let pos = 0;
  let ms = 0;
  while (pos < text.length) {
    const start = pos;
    while (isDigit(text[pos]) || text[pos] === '.') pos++;
    const number = text.slice(start, pos);
    if (number.split('.').length > 2 || ![...number].some(isDigit))
      return `bad duration ${JSON.stringify(text)}: expected a number at ${JSON.stringify(text.slice(start))}`;
    const unitStart = pos;
    while (isLetter(text[pos])) pos++;
    const unit = text.slice(unitStart, pos);
    const scale = UNIT_MS[unit];
    if (scale === undefined) {
      const what = unit === '' ? 'a unit is missing' : `unknown unit ${JSON.stringify(unit)}`;
      return `bad duration ${JSON.stringify(text)}: ${what} (use ms, s, m or h)`;
    }
    ms += Number(number) * scale;
  }
  return ms;
}
