import type { Timestamp } from '../generated/google/protobuf/timestamp.js';

export function millisOf(timestamp: Timestamp | undefined): number | null {
  return timestamp === undefined ? null : timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1e6);
}

export function isoOf(timestamp: Timestamp | undefined): string | null {
  const millis = millisOf(timestamp);
  return millis === null ? null : new Date(millis).toISOString();
}
