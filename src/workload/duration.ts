/**
 * Durations in profile expressions, Go-style: one or more `<number><unit>` terms with units `ms`, `s`, `m`, `h`
 * (`500ms`, `10s`, `1.5m`, `1h30m`), or a bare `0`. No sign: a duration is never negative.
 */

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
/** `12`, `1.5`, `2.`, `.5`: digits with at most one dot. */
const isNumber = (s: string): boolean => s.split('.').length <= 2 && [...s].some(isDigit);

/** The duration in seconds, or a sentence saying what is wrong (the caller names the field). */
export function parseDuration(text: string): number | string {
  if (text === '0') return 0;
  if (text === '') return 'empty duration';
  let pos = 0;
  let seconds = 0;
  while (pos < text.length) {
    const start = pos;
    while (isDigit(text[pos]) || text[pos] === '.') pos++;
    const num = text.slice(start, pos);
    if (!isNumber(num)) return `bad duration ${JSON.stringify(text)}: expected a number`;
    const unitStart = pos;
    while (isLetter(text[pos])) pos++;
    const unit = text.slice(unitStart, pos);
    const scale = UNIT_SECONDS[unit];
    if (scale === undefined) {
      const what = unit === '' ? 'a unit is missing' : `unknown unit ${JSON.stringify(unit)}`;
      return `bad duration ${JSON.stringify(text)}: ${what} (use ms, s, m or h)`;
    }
    seconds += Number(num) * scale;
  }
  return seconds;
}
