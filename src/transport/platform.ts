import type { Platform } from '../generated/containerd/types/platform.js';

/** Node's process.arch names mapped to Go's GOARCH spelling, which containerd and OCI image indexes use. */
const GOARCH: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

export function hostPlatform(arch: NodeJS.Architecture = process.arch): Platform {
  return { os: 'linux', architecture: GOARCH[arch] ?? arch, variant: '', osVersion: '', osFeatures: [] };
}
