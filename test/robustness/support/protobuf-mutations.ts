import type { Prng } from './prng.js';
import { encodeTag, encodeVarint, parseFields, WIRE, type WireField } from './wire-format.js';

/** One way of damaging an encoded request; `seeds` are valid encodings (of any method) to splice from. */
export type Mutation = (bytes: Buffer, rng: Prng, seeds: readonly Buffer[]) => Buffer;

const HUGE_VARINTS = [
  Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), // 2^64 - 1
  Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), // 2^32 - 1
  Buffer.from([0x80, 0x80, 0x80, 0x80, 0x08]), // 2^31
  Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), // 11 bytes: too long
  Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), // overflows 64 bits
  Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]), // never ends
];

function randomBytes(rng: Prng, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => rng.int(256)));
}

function fieldsOf(bytes: Buffer): WireField[] {
  return parseFields(bytes) ?? [];
}

function replaceRange(bytes: Buffer, start: number, end: number, replacement: Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, start), replacement, bytes.subarray(end)]);
}

const flipBits: Mutation = (bytes, rng) => {
  if (bytes.length === 0) return randomBytes(rng, rng.between(1, 8));
  const copy = Buffer.from(bytes);
  for (let flips = rng.between(1, 8); flips > 0; flips--) {
    const index = rng.int(copy.length);
    copy[index] = (copy[index] as number) ^ (1 << rng.int(8));
  }
  return copy;
};

const truncate: Mutation = (bytes, rng) => bytes.subarray(0, rng.int(Math.max(1, bytes.length)));

const duplicateField: Mutation = (bytes, rng) => {
  const fields = fieldsOf(bytes);
  if (fields.length === 0) return Buffer.concat([bytes, bytes]);
  const field = rng.pick(fields);
  const copies = rng.chance(0.1) ? rng.between(2, 2_000) : 1;
  const copy = bytes.subarray(field.start, field.end);
  return Buffer.concat([bytes, ...Array.from({ length: copies }, () => copy)]);
};

const hugeVarint: Mutation = (bytes, rng) => {
  const huge = rng.pick(HUGE_VARINTS);
  const fields = fieldsOf(bytes).filter(
    (field) => field.wireType === WIRE.varint || field.wireType === WIRE.bytes,
  );
  if (fields.length === 0 || rng.chance(0.3)) {
    // A field the message may or may not know, carrying a huge value.
    return Buffer.concat([bytes, encodeTag(rng.between(1, 20), WIRE.varint), huge]);
  }
  const field = rng.pick(fields);
  if (field.wireType === WIRE.varint) return replaceRange(bytes, field.tagEnd, field.end, huge);
  return replaceRange(bytes, field.tagEnd, field.payloadStart, huge);
};

const randomLength: Mutation = (bytes, rng) => {
  const fields = fieldsOf(bytes).filter((field) => field.wireType === WIRE.bytes);
  if (fields.length === 0)
    return Buffer.concat([
      bytes,
      encodeTag(rng.between(1, 20), WIRE.bytes),
      encodeVarint(BigInt(rng.int(1 << 30))),
    ]);
  const field = rng.pick(fields);
  const actual = field.end - field.payloadStart;
  const length = rng.pick([0, actual + 1, actual - 1, rng.int(256), rng.int(1 << 24), 2 ** 31 - 1]);
  return replaceRange(bytes, field.tagEnd, field.payloadStart, encodeVarint(BigInt(Math.max(0, length))));
};

const changeWireType: Mutation = (bytes, rng) => {
  const fields = fieldsOf(bytes);
  if (fields.length === 0) return flipBits(bytes, rng, []);
  const field = rng.pick(fields);
  const wireType = rng.pick([0, 1, 2, 3, 4, 5, 6, 7].filter((type) => type !== field.wireType));
  return replaceRange(bytes, field.start, field.tagEnd, encodeTag(field.fieldNumber, wireType));
};

/** Damages a nested message (an Any's value, a map entry, a PodSandboxConfig) but keeps the outer framing valid. */
const mutateNested: Mutation = (bytes, rng, seeds) => {
  const fields = fieldsOf(bytes).filter(
    (field) => field.wireType === WIRE.bytes && field.end > field.payloadStart,
  );
  if (fields.length === 0) return flipBits(bytes, rng, seeds);
  const field = rng.pick(fields);
  const inner = mutate(bytes.subarray(field.payloadStart, field.end), rng, seeds, 1);
  return replaceRange(
    bytes,
    field.tagEnd,
    field.end,
    Buffer.concat([encodeVarint(BigInt(inner.length)), inner]),
  );
};

const insertRandom: Mutation = (bytes, rng) => {
  const at = rng.int(bytes.length + 1);
  return Buffer.concat([bytes.subarray(0, at), randomBytes(rng, rng.between(1, 32)), bytes.subarray(at)]);
};

const spliceSeeds: Mutation = (bytes, rng, seeds) => {
  const other = rng.pick(seeds);
  return Buffer.concat([
    bytes.subarray(0, rng.int(bytes.length + 1)),
    other.subarray(rng.int(other.length + 1)),
  ]);
};

const replaceWithRandom: Mutation = (_bytes, rng) =>
  randomBytes(rng, rng.chance(0.1) ? 0 : rng.between(1, 512));

const HOSTILE_STRINGS = [
  '',
  '.',
  '..',
  '../x',
  'a/b',
  '/etc',
  'a\u0000b',
  'x'.repeat(1_000),
  '\u{1F600}',
  '\uFFFF',
];

/** Replaces a string or bytes field's content with a hostile string, framing kept valid. */
const hostileString: Mutation = (bytes, rng, seeds) => {
  const fields = fieldsOf(bytes).filter((field) => field.wireType === WIRE.bytes);
  if (fields.length === 0) return flipBits(bytes, rng, seeds);
  const field = rng.pick(fields);
  const value = Buffer.from(rng.pick(HOSTILE_STRINGS));
  return replaceRange(
    bytes,
    field.tagEnd,
    field.end,
    Buffer.concat([encodeVarint(BigInt(value.length)), value]),
  );
};

const HOSTILE_JSON_VALUES: readonly unknown[] = [
  -1,
  0,
  1e308,
  -1e308,
  2 ** 64,
  2 ** 53 + 1,
  0.5,
  '1',
  null,
  true,
  [],
  {},
  'x'.repeat(10_000),
];

/** A field holding JSON (an Any's value: LinuxResources, a Process spec) gets one value swapped for a hostile one. */
const hostileJson: Mutation = (bytes, rng, seeds) => {
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch {
    return hostileString(bytes, rng, seeds);
  }
  const swap = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return rng.pick(HOSTILE_JSON_VALUES);
    const entries = Object.entries(node);
    if (entries.length === 0) return rng.pick(HOSTILE_JSON_VALUES);
    const [key, child] = rng.pick(entries);
    return { ...node, [key]: rng.chance(0.3) ? rng.pick(HOSTILE_JSON_VALUES) : swap(child) };
  };
  return Buffer.from(JSON.stringify(swap(document)));
};

const MUTATIONS: readonly Mutation[] = [
  hostileString,
  hostileJson,
  flipBits,
  flipBits,
  truncate,
  duplicateField,
  hugeVarint,
  randomLength,
  changeWireType,
  mutateNested,
  mutateNested,
  insertRandom,
  spliceSeeds,
  replaceWithRandom,
];

/** Applies 1-3 random mutations (or `count`) to a valid encoding. */
export function mutate(
  bytes: Buffer,
  rng: Prng,
  seeds: readonly Buffer[],
  count = rng.between(1, 3),
): Buffer {
  let result = bytes;
  for (let step = 0; step < count; step++) result = rng.pick(MUTATIONS)(result, rng, seeds);
  return result;
}
