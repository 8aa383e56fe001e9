import type { FaultService } from '../faults/types.js';

/** One Controller or Task call as the daemon answered it (the call log, docs/faults.md). */
export interface CallEntry {
  /** Increasing from 1 for the daemon's life; a reader resumes after the last one it saw. */
  seq: number;
  /** When the call arrived (ms since the epoch). */
  atMs: number;
  service: FaultService;
  method: string;
  sandboxId: string;
  containerId: string;
  execId: string;
  /** The gRPC status code name of the answer: OK, NOT_FOUND, UNAVAILABLE, ... */
  code: string;
  /** The injected fault, described with its rule ('' when none). */
  fault: string;
  durationMs: number;
}
