/**
 * `<dir>/cluster.json`: what `up` started and made, written after every step (atomically), so `down` can undo a
 * cluster that came up whole or one whose `up` stopped half-way, and `status` can look at it.
 */
import fs from 'node:fs';
import { FailedPreconditionError } from '../core/errors.js';
import type { HealthCheck } from './component.js';

export const STATE_VERSION = 1;

export interface ProcessRecord {
  name: string;
  node?: number;
  pid: number;
  /** The process's start time (clock ticks since boot, /proc/<pid>/stat): a reused pid is not ours. */
  startTime: number;
  command: string;
  log: string;
  health: HealthCheck;
}

export interface ClusterState {
  version: typeof STATE_VERSION;
  dir: string;
  createdAt: string;
  tools: string;
  nodes: number;
  podsPerNode: number;
  kubeconfig: string;
  /** Admin token for health checks of the apiserver. */
  apiserver: string;
  /** In start order; `down` stops them in reverse. */
  processes: ProcessRecord[];
  /** Cgroup directories `up` created (the kubelets create more below them), in creation order. */
  cgroups: string[];
  /** Whether `up` made `dir` itself (then `down` removes it when it is empty). */
  createdDir: boolean;
}

export function writeState(file: string, state: ClusterState): void {
  const temp = `${file}.${process.pid}.tmp`;
  // It holds the admin's token.
  fs.writeFileSync(temp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** The recorded state, undefined when there is none; a file that is not ours is refused rather than acted on. */
export function readState(file: string): ClusterState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = parseState(text);
  if (!parsed) throw new FailedPreconditionError(`${file} is not a resource-slot-cluster state file`);
  return parsed;
}

export function parseState(text: string): ClusterState | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const state = value as Partial<ClusterState>;
  const ok =
    state.version === STATE_VERSION &&
    typeof state.dir === 'string' &&
    typeof state.kubeconfig === 'string' &&
    Array.isArray(state.processes) &&
    state.processes.every(isProcessRecord) &&
    Array.isArray(state.cgroups) &&
    state.cgroups.every((entry) => typeof entry === 'string');
  return ok ? (state as ClusterState) : undefined;
}

function isProcessRecord(value: unknown): value is ProcessRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<ProcessRecord>;
  return (
    typeof record.name === 'string' &&
    Number.isSafeInteger(record.pid) &&
    (record.pid ?? 0) > 0 &&
    Number.isSafeInteger(record.startTime) &&
    typeof record.log === 'string' &&
    typeof record.health === 'object'
  );
}
