import t from 'tap';
import { parseDurationMs } from '../../src/faults/duration.js';

t.test('durations: units, sums of terms, zero', async (t) => {
  const cases: Array<[string, number]> = [
    ['0', 0],
    ['0s', 0],
    ['200ms', 200],
    ['2s', 2000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1s250ms', 1250],
  ];
  for (const [text, ms] of cases) t.equal(parseDurationMs(text), ms, text);
});

t.test('what is not a duration says why', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty duration/],
    ['200', /a unit is missing \(use ms, s, m or h\)/],
    ['2x', /unknown unit "x"/],
    ['1d', /unknown unit "d"/],
    ['-1s', /expected a number at "-1s"/],
    ['1.2.3s', /expected a number/],
    ['s', /expected a number/],
    ['5 s', /a unit is missing/],
    ['2s ', /expected a number at " "/],
  ];
  for (const [text, message] of cases) t.match(parseDurationMs(text), message, JSON.stringify(text));
});
