import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

/** Field numbers on the wire: StoreListResponse.list = 1, containerd.types.Sandbox.sandbox_id = 1. */
const LIST_FIELD = 1;
const SANDBOX_ID_FIELD = 1;

/**
 * The sandbox ids of an encoded `containerd.services.sandbox.v1.StoreListResponse`, and nothing else. containerd's
 * records carry CRI's whole pod metadata as extensions (about 1 KB each); decoding all of it for 100k sandboxes
 * would hold the event loop for seconds, reading only the ids takes a few milliseconds per 10k.
 */
export function storeListIds(bytes: Uint8Array): string[] {
  const ids: string[] = [];
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === LIST_FIELD && wireType === WireType.LengthDelimited) ids.push(sandboxIdOf(reader));
    else reader.skip(wireType, field);
  }
  return ids;
}

function sandboxIdOf(reader: BinaryReader): string {
  const end = reader.uint32() + reader.pos;
  let id = '';
  while (reader.pos < end) {
    const [field, wireType] = reader.tag();
    // proto3: the last occurrence of a field wins, as in a full decode.
    if (field === SANDBOX_ID_FIELD && wireType === WireType.LengthDelimited) id = reader.string();
    else reader.skip(wireType, field);
  }
  return id;
}
