// The cgroup v2 statistics we send, decoded the way containerd would: with the upstream schema (the shared reference
// metrics.proto, loaded by protobufjs), not with our own generated code.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import t from 'tap';
import { Metrics } from '../../src/generated/cgroups/v2/metrics.js';
import {
  CGROUP_V2_METRICS_TYPE_URL,
  cgroupV2Metrics,
  cgroupV2MetricsAny,
} from '../../src/stats/cgroup-metrics.js';
import type { UsageSample } from '../../src/workload/sample.js';

// As in test/proto/descriptors.test.ts: shared/ sits beside the checkout (CI clones it there too).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const referenceFile = path.resolve(
  repoRoot,
  '..',
  'shared',
  'reference',
  'protos',
  'cgroups',
  'v2',
  'metrics.proto',
);

const reference = new protobuf.Root().loadSync(referenceFile, { keepCase: true });
reference.resolveAll();
const ReferenceMetrics = reference.lookupType('io.containerd.cgroups.v2.Metrics');

/** uint64 values as decimal strings, so that values above 2^53 could not pass unnoticed. */
const asObject = (
  type: protobuf.Type,
  message: protobuf.Message,
  defaults: boolean,
): Record<string, unknown> => type.toObject(message, { longs: String, defaults });

/** Decodes with the reference schema, every field present (zeros and nulls included). */
function decodeWithReference(bytes: Uint8Array): Record<string, unknown> {
  return asObject(ReferenceMetrics, ReferenceMetrics.decode(bytes), true);
}

/** An empty message of the reference type, every field at its default: the base of an expectation. */
function zeros(typeName: string): Record<string, unknown> {
  const type = reference.lookupType(`io.containerd.cgroups.v2.${typeName}`);
  return asObject(type, type.create(), true);
}

/** What the reference decoder must find for `sample`: the filled fields, and every other field at zero or unset. */
function expected(values: {
  pids: [current: string, limit: string];
  cpu: [
    usage: string,
    user: string,
    system: string,
    periods: string,
    throttled: string,
    throttledUsec: string,
  ];
  memory: { anon: string; file: string; inactive_file: string; usage: string; usage_limit: string };
}): Record<string, unknown> {
  const [current, limit] = values.pids;
  const [usage_usec, user_usec, system_usec, nr_periods, nr_throttled, throttled_usec] = values.cpu;
  return {
    ...zeros('Metrics'),
    pids: { ...zeros('PidsStat'), current, limit },
    cpu: {
      ...zeros('CPUStat'),
      usage_usec,
      user_usec,
      system_usec,
      nr_periods,
      nr_throttled,
      throttled_usec,
    },
    memory: { ...zeros('MemoryStat'), ...values.memory },
  };
}

const typical: UsageSample = {
  cpuUsageUsec: 1_500_000,
  cpuUserUsec: 1_000_000,
  cpuSystemUsec: 500_000,
  cpuNrPeriods: 300,
  cpuNrThrottled: 12,
  cpuThrottledUsec: 45_000,
  memoryUsageBytes: 104_857_600,
  memoryLimitBytes: 268_435_456,
  memoryInactiveFileBytes: 10_485_760,
  memoryAnonBytes: 83_886_080,
  memoryFileBytes: 20_971_520,
  pidsCurrent: 7,
  pidsLimit: 1024,
};

const zero: UsageSample = {
  cpuUsageUsec: 0,
  cpuUserUsec: 0,
  cpuSystemUsec: 0,
  cpuNrPeriods: 0,
  cpuNrThrottled: 0,
  cpuThrottledUsec: 0,
  memoryUsageBytes: 0,
  memoryLimitBytes: 0,
  memoryInactiveFileBytes: 0,
  memoryAnonBytes: 0,
  memoryFileBytes: 0,
  pidsCurrent: 0,
  pidsLimit: 0,
};

const MAX = Number.MAX_SAFE_INTEGER; // 2^53 − 1, the largest value the encoding carries
const large: UsageSample = {
  cpuUsageUsec: 2 ** 32, // the first value that needs more than 32 bits
  cpuUserUsec: 2 ** 32 - 1,
  cpuSystemUsec: 1,
  cpuNrPeriods: 2 ** 35 + 7,
  cpuNrThrottled: 2 ** 40 + 3,
  cpuThrottledUsec: 2 ** 49 + 5,
  memoryUsageBytes: 2 ** 50 + 1, // 1 PiB and a byte
  memoryLimitBytes: MAX,
  memoryInactiveFileBytes: 2 ** 33 + 9,
  memoryAnonBytes: 2 ** 48 + 11,
  memoryFileBytes: 2 ** 34 + 13,
  pidsCurrent: 2 ** 36 + 15,
  pidsLimit: 2 ** 42 + 17,
};

/** The expectation for a sample of integers within range: each value as it is. */
function expectedOf(s: UsageSample): Record<string, unknown> {
  const d = (n: number): string => String(n);
  return expected({
    pids: [d(s.pidsCurrent), d(s.pidsLimit)],
    cpu: [
      d(s.cpuUsageUsec),
      d(s.cpuUserUsec),
      d(s.cpuSystemUsec),
      d(s.cpuNrPeriods),
      d(s.cpuNrThrottled),
      d(s.cpuThrottledUsec),
    ],
    memory: {
      anon: d(s.memoryAnonBytes),
      file: d(s.memoryFileBytes),
      inactive_file: d(s.memoryInactiveFileBytes),
      usage: d(s.memoryUsageBytes),
      usage_limit: d(s.memoryLimitBytes),
    },
  });
}

t.test('the type URL is the message name, as containerd’s runc shim sends it', async (t) => {
  t.equal(CGROUP_V2_METRICS_TYPE_URL, 'io.containerd.cgroups.v2.Metrics');
  t.equal(
    CGROUP_V2_METRICS_TYPE_URL,
    ReferenceMetrics.fullName.replace(/^\./, ''),
    'the reference full name',
  );
  t.equal(cgroupV2MetricsAny(typical).typeUrl, CGROUP_V2_METRICS_TYPE_URL, 'the Any carries it');
});

t.test('every field decodes, with the reference schema, to the sample’s value', async (t) => {
  for (const [name, sample] of [
    ['typical', typical],
    ['all zeros', zero],
    ['above 2^32', large],
  ] as const) {
    const any = cgroupV2MetricsAny(sample);
    t.strictSame(decodeWithReference(any.value), expectedOf(sample), `${name}: every field`);
  }
});

t.test('pids, cpu and memory are on the wire even when all zero', async (t) => {
  // containerd builds CRI cpu and memory stats only when the sub-message is present (non-nil in Go).
  const decoded = asObject(ReferenceMetrics, ReferenceMetrics.decode(cgroupV2MetricsAny(zero).value), false);
  t.strictSame(decoded, { pids: {}, cpu: {}, memory: {} });
  t.same([...cgroupV2MetricsAny(zero).value], [0x0a, 0, 0x12, 0, 0x22, 0], 'three empty sub-messages');
});

t.test('the bytes decode with the generated decoder to cgroupV2Metrics', async (t) => {
  const noisy: UsageSample = { ...typical, cpuUsageUsec: 1.9, memoryUsageBytes: -3, pidsLimit: Number.NaN };
  for (const [name, sample] of [
    ['typical', typical],
    ['all zeros', zero],
    ['above 2^32', large],
    ['needing clean-up', noisy],
  ] as const) {
    t.strictSame(
      Metrics.decode(cgroupV2MetricsAny(sample).value),
      cgroupV2Metrics(sample),
      `${name}: round trip`,
    );
  }
});

t.test('values become non-negative integers no larger than 2^53 − 1', async (t) => {
  const noisy: UsageSample = {
    ...typical,
    cpuUsageUsec: Number.NaN,
    cpuUserUsec: -5,
    cpuSystemUsec: -0,
    cpuNrPeriods: 2.9,
    cpuNrThrottled: Number.POSITIVE_INFINITY,
    cpuThrottledUsec: 2 ** 60,
    memoryUsageBytes: Number.NEGATIVE_INFINITY,
    memoryLimitBytes: MAX + 0.5, // rounds to 2^53 as a double
    pidsCurrent: 0.4,
  };
  const m = cgroupV2Metrics(noisy);
  t.strictSame(m.cpu, {
    ...cgroupV2Metrics(typical).cpu,
    usageUsec: 0,
    userUsec: 0,
    systemUsec: 0,
    nrPeriods: 2,
    nrThrottled: MAX,
    throttledUsec: MAX,
  });
  t.equal(m.memory?.usage, 0);
  t.equal(m.memory?.usageLimit, MAX);
  t.equal(m.pids?.current, 0);
  for (const value of [...Object.values(m.cpu ?? {}), ...Object.values(m.memory ?? {})]) {
    if (typeof value === 'number') t.ok(Number.isSafeInteger(value) && value >= 0, `${value} is a uint64`);
  }
  const decoded = decodeWithReference(cgroupV2MetricsAny(noisy).value);
  t.match(decoded, { cpu: { nr_periods: '2', nr_throttled: String(MAX), throttled_usec: String(MAX) } });
});

t.test('the largest sample round-trips through the reference proto', async (t) => {
  const all = Object.fromEntries(Object.keys(zero).map((k) => [k, MAX])) as unknown as UsageSample;
  t.strictSame(decodeWithReference(cgroupV2MetricsAny(all).value), expectedOf(all));
});

t.test('each call returns its own bytes', async (t) => {
  const first = cgroupV2MetricsAny(large);
  const second = cgroupV2MetricsAny(typical);
  t.strictSame(decodeWithReference(first.value), expectedOf(large), 'the first is untouched by the second');
  t.strictSame(decodeWithReference(second.value), expectedOf(typical));
});

t.test('an answer already made is not changed by the next (the encoder reuses one message)', async (t) => {
  const first = cgroupV2MetricsAny(typical);
  const firstBytes = [...first.value];
  cgroupV2MetricsAny(large);
  cgroupV2MetricsAny(zero);
  t.same([...first.value], firstBytes, 'same bytes');
  t.strictSame(decodeWithReference(first.value), expectedOf(typical), 'still the first sample');
});
