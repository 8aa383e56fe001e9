import { performance } from 'node:perf_hooks';
import type { FsCalls } from './fs-calls.js';

/** What the group-commit writer tells whoever watches it (the metrics, src/metrics/). */
export interface WriterObserver {
  /** A batch was written (or failed): how many keys (sandboxes) it held. */
  batchWritten(entries: number): void;
  /** One fsync, of a file or a directory, took this long (failed ones too: the wait was the same). */
  fsynced(seconds: number): void;
}

/** `calls` with each fsync timed for `observer`; the other calls are `calls`' own. */
export function timedFsync(calls: FsCalls, observer: WriterObserver): FsCalls {
  return {
    ...calls,
    fsync: async (fd) => {
      const started = performance.now();
      try {
        await calls.fsync(fd);
      } finally {
        observer.fsynced((performance.now() - started) / 1000);
      }
    },
  };
}
