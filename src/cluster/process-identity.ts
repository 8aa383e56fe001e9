/**
 * A process is named by its pid and its start time: `down` and `status` act on a recorded pid only while the
 * process there started when the recorded one did, never on a pid the kernel has since given to someone else.
 */
import fs from 'node:fs';

/** Field 22 of /proc/<pid>/stat, counted after the command name (which may hold spaces and parentheses). */
export function parseStartTime(stat: string): number | undefined {
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // afterName[0] is field 3 (state): field 22 is 19 further.
  const value = Number(afterName[19]);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function processStartTime(pid: number): number | undefined {
  try {
    return parseStartTime(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Alive, not a zombie, and the same process that was recorded. */
export function isSameProcess(pid: number, startTime: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X' && parseStartTime(stat) === startTime;
  } catch {
    return false;
  }
}
