/**
 * Builds a tiny single-layer OCI image as an OCI layout tar (what `ctr images import` reads), in memory, without
 * docker or a registry: one uncompressed layer holding a text file, an image config and a manifest.
 */
import { createHash } from 'node:crypto';
import { hostPlatform } from '../transport/platform.js';
import { tar, type TarEntry } from './tar.js';

interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  data: Buffer;
}

function blob(mediaType: string, data: Buffer): Blob {
  return {
    mediaType,
    digest: `sha256:${createHash('sha256').update(data).digest('hex')}`,
    size: data.length,
    data,
  };
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const descriptor = ({ mediaType, digest, size }: Blob) => ({ mediaType, digest, size });

/** What the image's one layer holds and what it runs. */
export interface ImageContent {
  files: TarEntry[];
  cmd: string[];
}

/** ResourceSlot runs nothing, so its image needs no program: a text file and a command that is never run. */
const NOTHING_TO_RUN: ImageContent = {
  files: [{ name: 'hello.txt', data: Buffer.from('ResourceSlot runs nothing.\n') }],
  cmd: ['/hello'],
};

/** @param name the full reference containerd will list, e.g. `docker.io/library/resource-slot-test:1` */
export function ociLayoutTar(name: string, content: ImageContent = NOTHING_TO_RUN): Buffer {
  const { architecture, os } = hostPlatform();
  const layer = blob('application/vnd.oci.image.layer.v1.tar', tar(content.files));
  const config = blob(
    'application/vnd.oci.image.config.v1+json',
    json({
      architecture,
      os,
      config: { Cmd: content.cmd, Env: ['PATH=/'] },
      rootfs: { type: 'layers', diff_ids: [layer.digest] },
    }),
  );
  const manifest = blob(
    'application/vnd.oci.image.manifest.v1+json',
    json({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: descriptor(config),
      layers: [descriptor(layer)],
    }),
  );
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        ...descriptor(manifest),
        platform: { architecture, os },
        annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': name },
      },
    ],
  };
  return tar([
    { name: 'oci-layout', data: json({ imageLayoutVersion: '1.0.0' }) },
    { name: 'index.json', data: json(index) },
    { name: 'blobs/' },
    { name: 'blobs/sha256/' },
    ...[layer, config, manifest].map((b) => ({ name: `blobs/sha256/${b.digest.slice(7)}`, data: b.data })),
  ]);
}
