/**
 * The capacity a node without --capacity reports, found as kubelet finds it (through cAdvisor): the host's logical
 * cpus and its memory (MemTotal), kubelet's default of 110 pods, and the size of the file system --dir is on.
 */
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import { nanosOfUnits } from './amounts.js';
import { CPU, EPHEMERAL_STORAGE, MEMORY, PODS } from './resource-names.js';
import type { ResourceList } from './resource-list.js';

/** kubelet's --max-pods default. */
export const DEFAULT_PODS = 110;

export async function hostCapacity(dir: string): Promise<ResourceList> {
  const fs = await statfs(dir, { bigint: true });
  return new Map([
    [CPU, nanosOfUnits(os.cpus().length)],
    [MEMORY, nanosOfUnits(os.totalmem())],
    [PODS, nanosOfUnits(DEFAULT_PODS)],
    [EPHEMERAL_STORAGE, nanosOfUnits(fs.blocks * fs.bsize)],
  ]);
}
