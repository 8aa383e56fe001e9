/**
 * The processes that make up one node of the containerd figure, by role, and what each role cost over a wave:
 * CPU seconds spent between two samples and resident memory at the end.
 */
import { taskRelayPid } from '../../helpers/daemon.js';
import type { Stack } from '../../containerd/stack.js';
import { sampleAll, withDescendants, type ProcessSample } from './proc.js';
import { RUNC_SHIM } from './runc-runtime.js';

export type Role =
  'containerd' | 'resource-slot daemon' | 'task relay' | 'runc shims' | 'pause and app processes';

export interface RoleCost {
  role: Role;
  processes: number;
  cpuSeconds: number;
  rssBytes: number;
}

/** Every process of the node now, by role. */
export function nodeProcesses(stack: Stack): Map<Role, ProcessSample[]> {
  const all = sampleAll();
  const byPid = (pid: number | undefined) => all.filter((sample) => sample.pid === pid);
  const { containerd, daemon } = stack.pids();
  const shims = all.filter(
    (sample) => sample.argv[0]?.endsWith(RUNC_SHIM) === true && sample.argv.includes(stack.containerdAddress),
  );
  const shimPids = new Set(shims.map((shim) => shim.pid));
  const below = withDescendants(all, [...shimPids]).filter((sample) => !shimPids.has(sample.pid));
  return new Map<Role, ProcessSample[]>([
    ['containerd', byPid(containerd)],
    ['resource-slot daemon', byPid(daemon)],
    ['task relay', byPid(taskRelayPid(stack.dir))],
    ['runc shims', shims],
    ['pause and app processes', below],
  ]);
}

/** What each role cost from `before` to `after`: a process that was not there before counts from its start. */
export function costs(before: Map<Role, ProcessSample[]>, after: Map<Role, ProcessSample[]>): RoleCost[] {
  const earlier = new Map<number, number>();
  for (const samples of before.values())
    for (const sample of samples) earlier.set(sample.pid, sample.cpuSeconds);
  return [...after].map(([role, samples]) => ({
    role,
    processes: samples.length,
    cpuSeconds: samples.reduce((sum, sample) => sum + sample.cpuSeconds - (earlier.get(sample.pid) ?? 0), 0),
    rssBytes: samples.reduce((sum, sample) => sum + sample.rssBytes, 0),
  }));
}
