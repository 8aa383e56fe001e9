/** Values that survive JSON.stringify/parse unchanged: everything an actor keeps in its context is one of these. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
