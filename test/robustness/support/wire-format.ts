/** Just enough of the protobuf wire format to take a valid encoding apart and damage it in targeted ways. */

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

export interface WireField {
  /** Offsets in the message: the tag starts at `start`, the field ends at `end`. */
  start: number;
  end: number;
  fieldNumber: number;
  wireType: number;
  /** Where the tag ends (the length prefix or the value starts). */
  tagEnd: number;
  /** For length-delimited fields, where the payload starts. */
  payloadStart: number;
}

export function readVarint(bytes: Buffer, offset: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let position = offset; position < bytes.length && position < offset + 10; position++) {
    const byte = bytes[position] as number;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, next: position + 1 };
  }
  return null;
}

export function encodeVarint(value: bigint): Buffer {
  const out: number[] = [];
  let rest = BigInt.asUintN(64, value);
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    out.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return Buffer.from(out);
}

export function encodeTag(fieldNumber: number, wireType: number): Buffer {
  return encodeVarint((BigInt(fieldNumber) << 3n) | BigInt(wireType));
}

/** The top-level fields of a message, or null when the bytes are not a well-formed message. */
export function parseFields(bytes: Buffer): WireField[] | null {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tag = readVarint(bytes, offset);
    if (!tag || tag.value < 8) return null;
    const wireType = tag.value % 8;
    const fieldNumber = Math.floor(tag.value / 8);
    let end: number;
    let payloadStart = tag.next;
    if (wireType === WIRE.varint) {
      const value = readVarint(bytes, tag.next);
      if (!value) return null;
      end = value.next;
    } else if (wireType === WIRE.fixed64) end = tag.next + 8;
    else if (wireType === WIRE.fixed32) end = tag.next + 4;
    else if (wireType === WIRE.bytes) {
      const length = readVarint(bytes, tag.next);
      if (!length) return null;
      payloadStart = length.next;
      end = length.next + length.value;
    } else return null;
    if (end > bytes.length) return null;
    fields.push({ start: offset, end, fieldNumber, wireType, tagEnd: tag.next, payloadStart });
    offset = end;
  }
  return fields;
}
