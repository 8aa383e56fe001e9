/** A minimal ustar writer: regular files and directories only, enough for an OCI layout and a one-file layer. */

export interface TarEntry {
  /** Path inside the archive; directories end with `/`. At most 100 bytes (no prefix field is used). */
  name: string;
  /** File contents; omit for a directory. */
  data?: Buffer;
  mode?: number;
}

const BLOCK = 512;

/** A fixed mtime keeps the archive (and so every digest) reproducible. */
const MTIME = 0;

export function tar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.data ?? Buffer.alloc(0);
    const isDir = entry.data === undefined;
    parts.push(header(entry.name, isDir ? 0 : data.length, entry.mode ?? (isDir ? 0o755 : 0o644), isDir));
    if (!isDir) parts.push(data, Buffer.alloc(padding(data.length)));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function padding(length: number): number {
  return (BLOCK - (length % BLOCK)) % BLOCK;
}

function header(name: string, size: number, mode: number, isDir: boolean): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: name longer than 100 bytes: ${name}`);
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  octal(block, 100, 8, mode);
  octal(block, 108, 8, 0); // uid
  octal(block, 116, 8, 0); // gid
  octal(block, 124, 12, size);
  octal(block, 136, 12, MTIME);
  block.fill(' ', 148, 156); // checksum is computed with its own field as spaces
  block.write(isDir ? '5' : '0', 156, 1, 'ascii');
  block.write('ustar\0', 257, 6, 'ascii');
  block.write('00', 263, 2, 'ascii');
  block.write('root', 265, 32, 'ascii');
  block.write('root', 297, 32, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return block;
}

function octal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(value.toString(8).padStart(width - 1, '0') + '\0', offset, width, 'ascii');
}
