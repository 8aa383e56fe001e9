/**
 * A pod's sample from its containers' samples. Counters and gauges add. Limits add too, except where a container
 * has none: a container without a memory limit reports the node's memory, and a pod with such a container is
 * bounded by the node, not by twice the node; so the pod's memory limit is the sum capped at the node's memory
 * (when the caller passes it). A pids limit of 0 means none, so one container without a limit makes the pod's 0.
 */
import type { UsageSample } from './sample.js';

export function sumSamples(samples: UsageSample[], nodeMemoryBytes = Infinity): UsageSample {
  const total: UsageSample = {
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
  let pidsUnlimited = false;
  for (const s of samples) {
    total.cpuUsageUsec += s.cpuUsageUsec;
    total.cpuUserUsec += s.cpuUserUsec;
    total.cpuSystemUsec += s.cpuSystemUsec;
    total.cpuNrPeriods += s.cpuNrPeriods;
    total.cpuNrThrottled += s.cpuNrThrottled;
    total.cpuThrottledUsec += s.cpuThrottledUsec;
    total.memoryUsageBytes += s.memoryUsageBytes;
    total.memoryLimitBytes += s.memoryLimitBytes;
    total.memoryInactiveFileBytes += s.memoryInactiveFileBytes;
    total.memoryAnonBytes += s.memoryAnonBytes;
    total.memoryFileBytes += s.memoryFileBytes;
    total.pidsCurrent += s.pidsCurrent;
    total.pidsLimit += s.pidsLimit;
    if (s.pidsLimit === 0) pidsUnlimited = true;
  }
  total.memoryLimitBytes = Math.min(total.memoryLimitBytes, nodeMemoryBytes);
  if (pidsUnlimited) total.pidsLimit = 0;
  return total;
}
