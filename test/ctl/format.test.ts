// Tables and the human forms of quantities.
import t from 'tap';
import { renderTable } from '../../src/ctl/table.js';
import {
  formatAge,
  formatBytes,
  formatCores,
  formatCount,
  formatDuration,
  formatHumanSize,
  formatMebibytes,
  formatMillicores,
  shortId,
} from '../../src/ctl/units.js';
import { nodeTotals } from '../../src/ctl/node-totals.js';
import type { Sandbox } from '../../src/generated/resourceslot/v1/inspect.js';

t.test('renderTable aligns columns and leaves no trailing spaces', async (t) => {
  t.equal(
    renderTable(
      ['A', 'LONGER', 'C'],
      [
        ['wide cell', 'x', ''],
        ['y', 'z', 'last'],
      ],
    ),
    'A           LONGER   C\nwide cell   x\ny           z        last\n',
  );
  t.equal(
    renderTable(
      [],
      [
        ['k:', 'v'],
        ['key:', 'value'],
      ],
    ),
    'k:     v\nkey:   value\n',
  );
});

t.test('formatting', async (t) => {
  t.equal(formatCores(null), '-');
  t.equal(formatCores(2), '2');
  t.equal(formatCores(0.35), '350m');
  t.equal(formatCores(1.75), '1750m');
  t.equal(formatCores(0.0001), '0.0001');
  t.equal(formatBytes(undefined), '-');
  t.equal(formatBytes(512), '512');
  t.equal(formatBytes(104857600), '100Mi');
  t.equal(formatBytes(1.5 * 2 ** 30), '1.5Gi');
  t.equal(formatBytes(2 ** 40), '1Ti');
  t.equal(formatCount(0), '0');
  t.equal(formatAge(null, 0), '-');
  t.equal(formatAge(0, 45_000), '45s');
  t.equal(formatAge(0, 30 * 60_000), '30m');
  t.equal(formatAge(0, 5 * 3_600_000), '5h');
  t.equal(formatAge(0, 72 * 3_600_000), '3d');
  t.equal(shortId('0123456789abcdef', false), '0123456789abc');
  t.equal(shortId('0123456789abcdef', true), '0123456789abcdef');
});

t.test('nodeTotals sums the figures of created and running pods', async (t) => {
  const pod = (state: string, totals: Record<string, number | null>) =>
    ({ state, totals }) as unknown as Sandbox;
  t.strictSame(
    nodeTotals([
      pod('running', { cpu_request: 0.1, cpu_limit: null, memory_limit: 10 }),
      pod('created', { cpu_request: 0.2, cpu_limit: 1, memory_limit: null }),
      pod('stopped', { cpu_request: 5, cpu_limit: 5, memory_limit: 5 }),
    ]),
    { pods: 2, cpu_request: 0.3, cpu_limit: 1, memory_request: null, memory_limit: 10, pid_limit: null },
  );
});

t.test('usage as kubectl top and crictl stats print it', async (t) => {
  t.equal(formatMillicores(0.25), '250m');
  t.equal(formatMillicores(0.24975), '250m', 'to the nearest millicore');
  t.equal(formatMillicores(0), '0m');
  t.equal(formatMillicores(2), '2000m', 'always millicores, as kubectl top');
  t.equal(formatMebibytes(64 * 2 ** 20), '64Mi');
  t.equal(formatMebibytes(63753421), '60Mi', 'whole Mi, rounded down');
  // go-units HumanSize: decimal units, "%.4g".
  t.equal(formatHumanSize(0), '0B');
  t.equal(formatHumanSize(512), '512B');
  t.equal(formatHumanSize(63753421), '63.75MB');
  t.equal(formatHumanSize(67108864), '67.11MB');
  t.equal(formatHumanSize(1_000_000_000), '1GB', 'trailing zeros dropped');
  t.equal(formatHumanSize(999_960), '1000kB', 'rounded within its unit, as Go does');
});

t.test('call durations: milliseconds to a tenth below a second, else seconds', async (t) => {
  t.equal(formatDuration(0), '0.0ms');
  t.equal(formatDuration(0.42), '0.4ms');
  t.equal(formatDuration(12.25), '12.3ms');
  t.equal(formatDuration(999.9), '999.9ms');
  t.equal(formatDuration(999.96), '1.00s', 'what rounds to a second prints as one');
  t.equal(formatDuration(2500), '2.50s');
  t.equal(formatDuration(61_000), '61.00s');
});
