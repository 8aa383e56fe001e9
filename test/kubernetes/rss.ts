/** Resident memory of the cluster's recorded processes (VmRSS), and a table of what pods added to it. */
import fs from 'node:fs';
import { isSameProcess } from '../../src/cluster/process-identity.js';
import type { ProcessRecord } from '../../src/cluster/state.js';

const KiB = 1024;
const MiB = 1024 * KiB;

export function residentBytes(records: ProcessRecord[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const record of records) {
    if (!isSameProcess(record.pid, record.startTime)) continue;
    const status = fs.readFileSync(`/proc/${record.pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
    if (Number.isFinite(kib)) sizes.set(record.name, kib * KiB);
  }
  return sizes;
}

/** One row per component: RSS before, after, and the growth per added pod. */
export function rssTable(before: Map<string, number>, after: Map<string, number>, pods: number): string {
  const rows = [...after].map(([name, bytes]) => {
    const was = before.get(name) ?? 0;
    return `${name.padEnd(24)} ${(was / MiB).toFixed(0).padStart(6)} MiB -> ${(bytes / MiB).toFixed(0).padStart(6)} MiB  ${((bytes - was) / pods / KiB).toFixed(0).padStart(6)} KiB/pod`;
  });
  return rows.join('\n');
}
