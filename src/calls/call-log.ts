import type { CallEntry } from './types.js';

export const DEFAULT_CALL_LOG_SIZE = 4096;

/** A call as the recorder knows it: the log numbers it. */
export type UnnumberedCall = Omit<CallEntry, 'seq'>;

export type CallListener = (entry: CallEntry) => void;

/**
 * The last `capacity` calls the daemon answered, numbered from 1, and the live ones for whoever listens. Recording
 * is on the path of every Controller and Task call, so it writes one slot of a ring allocated up front: nothing is
 * shifted, and the log never grows.
 */
export class CallLog {
  private readonly ring: Array<CallEntry | undefined>;
  private readonly listeners = new Set<CallListener>();
  private nextSeq = 1;

  constructor(readonly capacity: number = DEFAULT_CALL_LOG_SIZE) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`a call log holds at least 1 call, got ${capacity}`);
    }
    this.ring = new Array<CallEntry | undefined>(capacity).fill(undefined);
  }

  /** The seq of the newest call recorded; 0 before the first. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** The seq of the oldest call still held: a reader that resumes from before it has missed calls. */
  get oldestSeq(): number {
    return Math.max(1, this.nextSeq - this.capacity);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  record(call: UnnumberedCall): CallEntry {
    const entry: CallEntry = {
      seq: this.nextSeq,
      atMs: call.atMs,
      service: call.service,
      method: call.method,
      sandboxId: call.sandboxId,
      containerId: call.containerId,
      execId: call.execId,
      code: call.code,
      fault: call.fault,
      durationMs: call.durationMs,
    };
    this.ring[(this.nextSeq - 1) % this.capacity] = entry;
    this.nextSeq += 1;
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /**
   * The held calls after `afterSeq`, oldest first, at most `limit` of them; with `match`, only those it accepts
   * (the limit counts those).
   */
  since(afterSeq: number, limit: number, match?: (entry: CallEntry) => boolean): CallEntry[] {
    const found: CallEntry[] = [];
    for (let seq = Math.max(afterSeq + 1, this.oldestSeq); seq < this.nextSeq; seq++) {
      if (found.length >= limit) break;
      const entry = this.ring[(seq - 1) % this.capacity] as CallEntry;
      if (!match || match(entry)) found.push(entry);
    }
    return found;
  }

  /** Calls `listener` with every call recorded from now on, until the returned function is called. */
  subscribe(listener: CallListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
