import { Counter, Histogram, type Registry } from 'prom-client';
import type { CallLog } from '../calls/call-log.js';

const CALL_LABELS = ['service', 'method', 'code'] as const;

/**
 * Call durations in seconds: the call log measures in whole milliseconds, so the first bucket holds every call
 * answered within the millisecond; Wait calls, held for a pod's life, land in +Inf.
 */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Every Controller and Task call, counted and timed per service, method and gRPC code, from the call log's
 * subscription (src/calls/call-log.ts). These are updated per call, not at scrape time, since the log keeps only
 * the last calls: one counter increment and one histogram observation per call, each a label lookup (about a
 * microsecond together, next to the tens of microseconds a call costs). Returns the unsubscription.
 */
export function registerCallSeries(registry: Registry, calls: CallLog): () => void {
  const total = new Counter({
    name: 'resource_slot_calls_total',
    help: 'Controller and Task calls answered, by service, method and gRPC status code.',
    labelNames: CALL_LABELS,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'resource_slot_call_duration_seconds',
    help: 'How long Controller and Task calls took to answer (millisecond resolution), by service, method and code.',
    labelNames: CALL_LABELS,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  return calls.subscribe(({ service, method, code, durationMs }) => {
    const labels = { service, method, code };
    total.inc(labels);
    duration.observe(labels, durationMs / 1000);
  });
}
