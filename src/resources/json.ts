/** Small readers for untrusted JSON: each either returns a typed value or throws InvalidArgument on the field. */
import { InvalidArgumentError } from '../core/errors.js';

export type JsonObject = Record<string, unknown>;
export type IntKind = 'int64' | 'uint64' | 'uint32' | 'uint16';

const MAX: Record<IntKind, number> = {
  int64: 2 ** 63,
  uint64: 2 ** 64,
  uint32: 2 ** 32 - 1,
  uint16: 2 ** 16 - 1,
};

function show(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

const bad = (field: string, want: string, got: unknown) =>
  new InvalidArgumentError(field, `expected ${want}, got ${show(got)}`);

/** An object, or undefined for undefined/null. */
export function asObject(v: unknown, field: string): JsonObject | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw bad(field, 'an object', v);
  return v as JsonObject;
}

/** Typed, optional access to the members of one JSON object; `field` is the object's dotted path. */
export class Reader {
  constructor(
    readonly obj: JsonObject,
    readonly field: string,
  ) {}

  at(key: string): string {
    return `${this.field}.${key}`;
  }

  private get(key: string): unknown {
    return Object.hasOwn(this.obj, key) ? this.obj[key] : undefined;
  }

  int(key: string, kind: IntKind): number | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    return checkInt(v, this.at(key), kind);
  }

  str(key: string): string | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw bad(this.at(key), 'a string', v);
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw bad(this.at(key), 'a boolean', v);
    return v;
  }

  object(key: string): Reader | undefined {
    const o = asObject(this.get(key), this.at(key));
    return o && new Reader(o, this.at(key));
  }

  array(key: string): unknown[] | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw bad(this.at(key), 'an array', v);
    return v as unknown[];
  }

  /** Each element must be an object; returns one Reader per element. */
  objects(key: string): Reader[] | undefined {
    return this.array(key)?.map((e, i) => {
      const f = `${this.at(key)}[${i}]`;
      const o = asObject(e, f);
      if (!o) throw bad(f, 'an object', e);
      return new Reader(o, f);
    });
  }

  /** A map whose values go through `each`; fields read `${field}.${key}["k"]`. */
  map<T>(key: string, each: (v: unknown, field: string) => T): Record<string, T> | undefined {
    const o = asObject(this.get(key), this.at(key));
    if (!o) return undefined;
    const out: Record<string, T> = {};
    for (const [k, v] of Object.entries(o)) out[k] = each(v, `${this.at(key)}[${JSON.stringify(k)}]`);
    return out;
  }

  /** Applies `fn` to the nested object at `key`, if present. */
  with<T>(key: string, fn: (r: Reader) => T): T | undefined {
    const o = this.object(key);
    return o && fn(o);
  }
}

export function checkInt(v: unknown, field: string, kind: IntKind): number {
  const unsigned = kind !== 'int64';
  const want = unsigned ? `an unsigned integer (${kind})` : 'an integer (int64)';
  if (typeof v !== 'number' || !Number.isInteger(v)) throw bad(field, want, v);
  if ((unsigned && v < 0) || v > MAX[kind] || v < -MAX.int64) throw bad(field, want, v);
  return v;
}

export function checkString(v: unknown, field: string): string {
  if (typeof v !== 'string') throw bad(field, 'a string', v);
  return v;
}
