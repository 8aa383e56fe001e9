// The simulated usage of a container or pod as containerd's cgroup v2 statistics (`io.containerd.cgroups.v2.Metrics`),
// the payload of task Stats and sandbox Controller Metrics answers. What is filled, and from what: docs/stats.md.
import { CPUStat, MemoryStat, Metrics, PidsStat } from '../generated/cgroups/v2/metrics.js';
import type { Any } from '../generated/google/protobuf/any.js';
import type { UsageSample } from '../workload/sample.js';

/**
 * The type URL of the Any: the message's full name, without the `type.googleapis.com/` prefix. That is what
 * containerd's own runc shim sends: its task Stats answer is `typeurl.MarshalAny(stats)` of the cgroup2
 * `*stats.Metrics` (containerd cmd/containerd-shim-runc-v2/task/service.go, `Stats`), which no one registers with
 * typeurl, so `typeurl.TypeURL` falls back to `proto.MessageName` (containerd/typeurl v2 types.go, `TypeURL`).
 * The CRI decodes it with `typeurl.UnmarshalAny`, which looks the name up in the protobuf registry by URL and so
 * accepts it with or without a prefix.
 */
export const CGROUP_V2_METRICS_TYPE_URL = 'io.containerd.cgroups.v2.Metrics';

/** The largest number a uint64 field carries here: beyond it a JavaScript number is no longer an exact integer. */
const MAX_UINT64_NUMBER = Number.MAX_SAFE_INTEGER;

/**
 * A sample value as a uint64: a non-negative integer. NaN and negative values (−0 included) become 0, fractions
 * are rounded down, values above 2^53 − 1 (Infinity included) are held at 2^53 − 1.
 */
function uint64(value: number): number {
  return value > 0 ? (value < MAX_UINT64_NUMBER ? Math.floor(value) : MAX_UINT64_NUMBER) : 0;
}

const ZERO_CPU: Readonly<CPUStat> = Object.freeze(CPUStat.create());
const ZERO_MEMORY: Readonly<MemoryStat> = Object.freeze(MemoryStat.create());

/**
 * The sample as the generated message. `pids`, `cpu` and `memory` are always present (containerd reads CPU and
 * memory stats only when their message is there); everything the sample does not model stays at zero or unset.
 */
export function cgroupV2Metrics(sample: UsageSample): Metrics {
  const pids: PidsStat = { current: uint64(sample.pidsCurrent), limit: uint64(sample.pidsLimit) };
  const cpu: CPUStat = {
    ...ZERO_CPU,
    usageUsec: uint64(sample.cpuUsageUsec),
    userUsec: uint64(sample.cpuUserUsec),
    systemUsec: uint64(sample.cpuSystemUsec),
    nrPeriods: uint64(sample.cpuNrPeriods),
    nrThrottled: uint64(sample.cpuNrThrottled),
    throttledUsec: uint64(sample.cpuThrottledUsec),
  };
  const memory: MemoryStat = {
    ...ZERO_MEMORY,
    anon: uint64(sample.memoryAnonBytes),
    file: uint64(sample.memoryFileBytes),
    inactiveFile: uint64(sample.memoryInactiveFileBytes),
    usage: uint64(sample.memoryUsageBytes),
    usageLimit: uint64(sample.memoryLimitBytes),
  };
  // Every field named, as the generated decoder does, so both make objects of one shape.
  return {
    pids,
    cpu,
    memory,
    rdma: undefined,
    io: undefined,
    hugetlb: [],
    memoryEvents: undefined,
    network: [],
  };
}

// ---- the encoding ----
//
// Written by hand rather than through `Metrics.encode`, which for every uint64 makes a BigInt and a {lo, hi}
// object and forks a writer per sub-message: this runs every second for each of up to 10,000 containers. The
// result is byte for byte what `Metrics.encode(cgroupV2Metrics(sample)).finish()` gives (test/stats/ checks it):
// fields in number order, zeros left out, the three sub-messages always present.
//
// Sizes are bounded, so one scratch buffer serves every call: a value takes at most 8 bytes (2^53 − 1 needs 53
// bits, 7 per byte) and a tag 1 or 2, so pids ≤ 2·9, cpu ≤ 6·9, memory ≤ 3·9 + 2·10 bytes: every sub-message is
// shorter than 128 bytes and its length prefix is one byte, and the whole is at most 3·2 + 18 + 54 + 47 = 125 bytes.

const SCRATCH = Buffer.allocUnsafe(128);

/** Writes `value` (a non-negative integer ≤ 2^53 − 1) as a varint at `pos`; returns the position after it. */
function putVarint(value: number, pos: number): number {
  let v = value;
  while (v > 0x7fffffff) {
    SCRATCH[pos++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  while (v > 0x7f) {
    SCRATCH[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  SCRATCH[pos++] = v;
  return pos;
}

/** A uint64 field with a one-byte tag (field numbers 1 to 15), left out when zero. */
function putField(tag: number, sampleValue: number, pos: number): number {
  const value = uint64(sampleValue);
  if (value === 0) return pos;
  SCRATCH[pos] = tag;
  return putVarint(value, pos + 1);
}

/** A uint64 field with a two-byte tag (field numbers 16 to 2047), left out when zero. */
function putField2(tag0: number, tag1: number, sampleValue: number, pos: number): number {
  const value = uint64(sampleValue);
  if (value === 0) return pos;
  SCRATCH[pos] = tag0;
  SCRATCH[pos + 1] = tag1;
  return putVarint(value, pos + 2);
}

/** Tags: (field number << 3) | wire type, as varints; wire type 0 is a varint, 2 a length-delimited sub-message. */
const TAG = {
  metricsPids: 0x0a, // 1
  metricsCpu: 0x12, // 2
  metricsMemory: 0x22, // 4
  pidsCurrent: 0x08, // 1
  pidsLimit: 0x10, // 2
  cpuUsageUsec: 0x08, // 1
  cpuUserUsec: 0x10, // 2
  cpuSystemUsec: 0x18, // 3
  cpuNrPeriods: 0x20, // 4
  cpuNrThrottled: 0x28, // 5
  cpuThrottledUsec: 0x30, // 6
  memoryAnon: 0x08, // 1
  memoryFile: 0x10, // 2
  memoryInactiveFile: 0x68, // 13
  memoryUsage: [0x80, 0x02], // 32: 256 = 0b10_0000000
  memoryUsageLimit: [0x88, 0x02], // 33: 264 = 0b10_0001000
} as const;

/** Starts a sub-message at `pos`: its tag and a one-byte length filled in by `endMessage`. */
function beginMessage(tag: number, pos: number): number {
  SCRATCH[pos] = tag;
  return pos + 2;
}

function endMessage(start: number, pos: number): number {
  SCRATCH[start + 1] = pos - start - 2; // < 128, see above
  return pos;
}

/** The encoded `io.containerd.cgroups.v2.Metrics` of a sample, in a new Buffer of its exact length. */
function encodeCgroupV2Metrics(sample: UsageSample): Buffer {
  let pos = 0;

  let start = pos;
  pos = beginMessage(TAG.metricsPids, pos);
  pos = putField(TAG.pidsCurrent, sample.pidsCurrent, pos);
  pos = putField(TAG.pidsLimit, sample.pidsLimit, pos);
  pos = endMessage(start, pos);

  start = pos;
  pos = beginMessage(TAG.metricsCpu, pos);
  pos = putField(TAG.cpuUsageUsec, sample.cpuUsageUsec, pos);
  pos = putField(TAG.cpuUserUsec, sample.cpuUserUsec, pos);
  pos = putField(TAG.cpuSystemUsec, sample.cpuSystemUsec, pos);
  pos = putField(TAG.cpuNrPeriods, sample.cpuNrPeriods, pos);
  pos = putField(TAG.cpuNrThrottled, sample.cpuNrThrottled, pos);
  pos = putField(TAG.cpuThrottledUsec, sample.cpuThrottledUsec, pos);
  pos = endMessage(start, pos);

  start = pos;
  pos = beginMessage(TAG.metricsMemory, pos);
  pos = putField(TAG.memoryAnon, sample.memoryAnonBytes, pos);
  pos = putField(TAG.memoryFile, sample.memoryFileBytes, pos);
  pos = putField(TAG.memoryInactiveFile, sample.memoryInactiveFileBytes, pos);
  pos = putField2(TAG.memoryUsage[0], TAG.memoryUsage[1], sample.memoryUsageBytes, pos);
  pos = putField2(TAG.memoryUsageLimit[0], TAG.memoryUsageLimit[1], sample.memoryLimitBytes, pos);
  pos = endMessage(start, pos);

  const out = Buffer.allocUnsafe(pos);
  SCRATCH.copy(out, 0, 0, pos);
  return out;
}

/** The sample as the `google.protobuf.Any` a task Stats or Controller Metrics answer carries. */
export function cgroupV2MetricsAny(sample: UsageSample): Any {
  return { typeUrl: CGROUP_V2_METRICS_TYPE_URL, value: encodeCgroupV2Metrics(sample) };
}
