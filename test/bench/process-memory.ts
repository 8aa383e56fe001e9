/**
 * What a process's resident memory is made of, from /proc: RSS as `ps` shows it, split into anonymous pages (heap,
 * stacks: the process's own) and file pages (mostly the node executable's code, shared with every other node process
 * on the machine), and PSS (each shared page divided by the processes that map it).
 */
import fs from 'node:fs';

export interface ProcessMemory {
  /** VmRSS, bytes. */
  rss: number;
  /** RssAnon, bytes. */
  anon: number;
  /** RssFile + RssShmem, bytes. */
  file: number;
  /** Pss from smaps_rollup, bytes (0 when the kernel does not offer it). */
  pss: number;
}

const KIB = 1024;

export function processMemory(pid: number): ProcessMemory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rollup = readOrEmpty(`/proc/${pid}/smaps_rollup`);
  return {
    rss: kibField(status, 'VmRSS'),
    anon: kibField(status, 'RssAnon'),
    file: kibField(status, 'RssFile') + kibField(status, 'RssShmem'),
    pss: kibField(rollup, 'Pss'),
  };
}

function kibField(text: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
  return match ? Number(match[1]) * KIB : 0;
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
