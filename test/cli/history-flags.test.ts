import t from 'tap';
import { parseDaemonArgs } from '../../src/cli/args.js';

const parse = (args: string[]) => parseDaemonArgs(args, '/home/op/work');
const historyOf = (args: string[]) => {
  const parsed = parse(args);
  return parsed.kind === 'run' ? parsed.options.history : parsed;
};

t.test(
  '--history-resolution takes seconds with up to 3 decimals; --history-length samples, 0 for none',
  async (t) => {
    t.strictSame(historyOf([]), { resolutionMs: 10_000, length: 90 }, 'defaults: every 10 s, the last 90');
    t.strictSame(historyOf(['--history-resolution', '0.25']), { resolutionMs: 250, length: 90 });
    t.strictSame(historyOf(['--history-resolution', '3600']), { resolutionMs: 3_600_000, length: 90 });
    t.strictSame(historyOf(['--history-length', '0']), { resolutionMs: 10_000, length: 0 }, '0: no history');
    t.strictSame(historyOf(['--history-length', '10000']), { resolutionMs: 10_000, length: 10_000 });
  },
);

t.test('a bad value is a usage error naming the flag, its range and the value', async (t) => {
  const cases: Array<[string[], string]> = [
    [
      ['--history-resolution', '0.05'],
      "--history-resolution must be a number of seconds from 0.1 to 3600 (at most 3 decimals), got '0.05'",
    ],
    [
      ['--history-resolution', '3601'],
      "--history-resolution must be a number of seconds from 0.1 to 3600 (at most 3 decimals), got '3601'",
    ],
    [
      ['--history-resolution', '10s'],
      "--history-resolution must be a number of seconds from 0.1 to 3600 (at most 3 decimals), got '10s'",
    ],
    [
      ['--history-resolution', '0.0001'],
      "--history-resolution must be a number of seconds from 0.1 to 3600 (at most 3 decimals), got '0.0001'",
    ],
    [
      ['--history-length=-1'],
      "--history-length must be a whole number of samples from 0 (no history) to 10000, got '-1'",
    ],
    [
      ['--history-length', '10001'],
      "--history-length must be a whole number of samples from 0 (no history) to 10000, got '10001'",
    ],
    [
      ['--history-length', '1.5'],
      "--history-length must be a whole number of samples from 0 (no history) to 10000, got '1.5'",
    ],
    [['--history-length', ''], '--history-length must not be empty'],
  ];
  for (const [args, message] of cases)
    t.strictSame(
      parse(args),
      { kind: 'error', message: `resource-slot-sandboxer: ${message}` },
      args.join(' '),
    );
});
