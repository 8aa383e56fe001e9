/**
 * What the processes of a node cost, read from /proc: CPU time (its own and that of the children it reaped, so a
 * short-lived shim `start` counts for the containerd that waited for it) and resident memory.
 */
import fs from 'node:fs';

/** Linux reports CPU times in clock ticks; every kernel this runs on uses 100 per second (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;

export interface ProcessSample {
  pid: number;
  ppid: number;
  /** The command's name as the kernel keeps it (at most 15 characters). */
  name: string;
  argv: string[];
  /** User + system time of the process and of its reaped children, in seconds. */
  cpuSeconds: number;
  rssBytes: number;
}

/** The process now, or undefined if it is gone. */
export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name is in parentheses and may hold spaces or parentheses itself: the fields start after the last ')'.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // Fields from the third of proc(5): state ppid ... utime(14) stime(15) cutime(16) cstime(17) ... rss(24).
    const field = (number: number): number => Number(fields[number - 3]);
    const ticks = field(14) + field(15) + field(16) + field(17);
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return {
      pid,
      ppid: field(4),
      name,
      argv,
      cpuSeconds: ticks / TICKS_PER_SECOND,
      rssBytes: field(24) * 4096,
    };
  } catch {
    return undefined;
  }
}

/** Every process on the machine now. */
export function sampleAll(): ProcessSample[] {
  const samples: ProcessSample[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const sample = sampleProcess(Number(entry));
    if (sample) samples.push(sample);
  }
  return samples;
}

/** `roots` and everything below them in `all` (children, grandchildren, ...). */
export function withDescendants(all: ProcessSample[], roots: number[]): ProcessSample[] {
  const byParent = new Map<number, ProcessSample[]>();
  for (const sample of all) byParent.set(sample.ppid, [...(byParent.get(sample.ppid) ?? []), sample]);
  const found: ProcessSample[] = [];
  const queue = all.filter((sample) => roots.includes(sample.pid));
  while (queue.length > 0) {
    const next = queue.shift() as ProcessSample;
    found.push(next);
    queue.push(...(byParent.get(next.pid) ?? []));
  }
  return found;
}
