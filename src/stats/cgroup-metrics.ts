// The simulated usage of a container or pod as containerd's cgroup v2 statistics (`io.containerd.cgroups.v2.Metrics`),
// the payload of task Stats and sandbox Controller Metrics answers. What is filled, and from what: docs/stats.md.
import { CPUStat, MemoryStat, Metrics } from '../generated/cgroups/v2/metrics.js';
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

type Filled = Required<Pick<Metrics, 'pids' | 'cpu' | 'memory'>>;

/** Writes the sample into a message's pids, cpu and memory, as uint64s. */
function fill({ pids, cpu, memory }: Filled, sample: UsageSample): void {
  pids.current = uint64(sample.pidsCurrent);
  pids.limit = uint64(sample.pidsLimit);
  cpu.usageUsec = uint64(sample.cpuUsageUsec);
  cpu.userUsec = uint64(sample.cpuUserUsec);
  cpu.systemUsec = uint64(sample.cpuSystemUsec);
  cpu.nrPeriods = uint64(sample.cpuNrPeriods);
  cpu.nrThrottled = uint64(sample.cpuNrThrottled);
  cpu.throttledUsec = uint64(sample.cpuThrottledUsec);
  memory.anon = uint64(sample.memoryAnonBytes);
  memory.file = uint64(sample.memoryFileBytes);
  memory.inactiveFile = uint64(sample.memoryInactiveFileBytes);
  memory.usage = uint64(sample.memoryUsageBytes);
  memory.usageLimit = uint64(sample.memoryLimitBytes);
}

/** A message at zero: every field named, as the generated decoder does, so both make objects of one shape. */
function zeroMetrics(): Metrics & Filled {
  return {
    pids: { current: 0, limit: 0 },
    cpu: { ...ZERO_CPU },
    memory: { ...ZERO_MEMORY },
    rdma: undefined,
    io: undefined,
    hugetlb: [],
    memoryEvents: undefined,
    network: [],
  };
}

/**
 * The sample as the generated message. `pids`, `cpu` and `memory` are always present (containerd reads CPU and
 * memory stats only when their message is there); everything the sample does not model stays at zero or unset.
 */
export function cgroupV2Metrics(sample: UsageSample): Metrics {
  const metrics = zeroMetrics();
  fill(metrics, sample);
  return metrics;
}

/**
 * One message reused by every encode: the encoder is synchronous and keeps nothing, and copying the ~40 fields of a
 * zero MemoryStat per Stats call made most of that call's garbage.
 */
const scratch = zeroMetrics();

/**
 * The sample as the `google.protobuf.Any` a task Stats or Controller Metrics answer carries, encoded with the
 * generated encoder (a hand-written one measured 0.35 µs against about 3 µs, not worth a second protobuf writer to
 * keep in step), from the reused message.
 */
export function cgroupV2MetricsAny(sample: UsageSample): Any {
  fill(scratch, sample);
  const bytes = Metrics.encode(scratch).finish();
  return {
    typeUrl: CGROUP_V2_METRICS_TYPE_URL,
    value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
  };
}
