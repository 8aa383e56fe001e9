import type { CallLog } from '../calls/call-log.js';
import type { CallEntry } from '../calls/types.js';

/** As many calls as the page shows: the newest this many, not the whole log. */
export const RECENT_CALLS = 200;

/** What `/api/calls` and the `calls` event carry: the newest calls held, oldest first. */
export interface RecentCalls {
  /** The newest call recorded (0: none yet); a `call` event with a higher seq is newer than this list. */
  lastSeq: number;
  calls: CallEntry[];
}

export function recentCalls(log: CallLog): RecentCalls {
  const { lastSeq } = log;
  return { lastSeq, calls: log.since(Math.max(0, lastSeq - RECENT_CALLS), RECENT_CALLS) };
}
