/**
 * One simulated usage sample of a container (or, summed, of a pod): what the task Stats and Controller Metrics
 * answers carry as `io.containerd.cgroups.v2.Metrics`. Counters are cumulative since the container started and
 * never decrease; gauges are the value now.
 */
export interface UsageSample {
  /** Cumulative CPU time, microseconds (cgroup v2 `cpu.stat usage_usec`). */
  cpuUsageUsec: number;
  /** Its user and system parts; they add up to `cpuUsageUsec`. */
  cpuUserUsec: number;
  cpuSystemUsec: number;
  /** CFS periods elapsed while running (100 ms each), those in which demand exceeded the CPU limit, and the time held back. */
  cpuNrPeriods: number;
  cpuNrThrottled: number;
  cpuThrottledUsec: number;
  /** Bytes in use now (cgroup v2 `memory.current`). */
  memoryUsageBytes: number;
  /** The memory limit, or the node's memory when the container has none (`usage_limit`). */
  memoryLimitBytes: number;
  /** Parts of the usage: page cache that can be dropped (working set = usage − inactive file), anonymous, file. */
  memoryInactiveFileBytes: number;
  memoryAnonBytes: number;
  memoryFileBytes: number;
  /** Processes now, and the pids limit (0: none). */
  pidsCurrent: number;
  pidsLimit: number;
}
