import { Histogram, type Registry } from 'prom-client';
import type { WriterObserver } from '../store/writer-observer.js';

/** Sandboxes per batch: 1 when calls come one at a time, hundreds under a flood of them. */
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/** fsync times in seconds: tens of microseconds on tmpfs, milliseconds on a disk, seconds on a sick one. */
const FSYNC_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

/**
 * The group-commit writer's batch sizes and fsync times (src/store/group-commit.ts). Observed as they happen: one
 * observation per batch and per fsync, each small beside the fsync it times. Returns the writer's observer.
 */
export function registerWriterSeries(registry: Registry): WriterObserver {
  const batches = new Histogram({
    name: 'resource_slot_writer_batch_sandboxes',
    help: 'Sandboxes written per group-commit batch.',
    buckets: BATCH_BUCKETS,
    registers: [registry],
  });
  const fsyncs = new Histogram({
    name: 'resource_slot_writer_fsync_duration_seconds',
    help: 'How long each fsync of the writer took (commit files and directories; none with --sync none).',
    buckets: FSYNC_BUCKETS,
    registers: [registry],
  });
  return {
    batchWritten: (entries) => batches.observe(entries),
    fsynced: (seconds) => fsyncs.observe(seconds),
  };
}
