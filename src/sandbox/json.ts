import type { JsonObject, JsonValue } from '../core/json.js';

/** ts-proto's toJSON produces plain JSON (strings, numbers, objects); this only restores that knowledge for tsc. */
export function protoJson(value: unknown): JsonValue {
  return (value ?? null) as JsonValue;
}

export function protoJsonObject(value: unknown): JsonObject {
  return (value ?? {}) as JsonObject;
}
