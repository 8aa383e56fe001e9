import type { Timestamp } from '../generated/google/protobuf/timestamp.js';

export function toTimestamp(epochMillis: number): Timestamp {
  const seconds = Math.floor(epochMillis / 1000);
  return { seconds, nanos: Math.round((epochMillis - seconds * 1000) * 1e6) };
}

export function toIso(epochMillis: number | null): string | null {
  return epochMillis === null ? null : new Date(epochMillis).toISOString();
}
