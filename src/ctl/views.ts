import type { Container, Sandbox, UsageSample } from '../generated/resourceslot/v1/inspect.js';
import { isoOf } from './time.js';

/** The resource values the tables show, in ResourceInfo units (cores, bytes, count); null when not set. */
export interface ResourceFigures {
  cpu_request: number | null;
  cpu_limit: number | null;
  memory_request: number | null;
  memory_limit: number | null;
  pid_limit: number | null;
}

export const FIGURE_KEYS: ReadonlyArray<keyof ResourceFigures> = [
  'cpu_request',
  'cpu_limit',
  'memory_request',
  'memory_limit',
  'pid_limit',
];

/** Reads the figures out of a ResourceInfo or a totals object as the Inspect service sends them. */
export function figuresOf(info: { [key: string]: unknown } | undefined): ResourceFigures {
  const number = (key: keyof ResourceFigures): number | null => {
    const value = info?.[key];
    return typeof value === 'number' ? value : null;
  };
  return {
    cpu_request: number('cpu_request'),
    cpu_limit: number('cpu_limit'),
    memory_request: number('memory_request'),
    memory_limit: number('memory_limit'),
    pid_limit: number('pid_limit'),
  };
}

/** A pod as `pods -o json|yaml` prints it. */
export function podView(sandbox: Sandbox) {
  return {
    id: sandbox.id,
    name: sandbox.name,
    namespace: sandbox.namespace,
    uid: sandbox.uid,
    attempt: sandbox.attempt,
    state: sandbox.state,
    pid: sandbox.pid,
    createdAt: isoOf(sandbox.createdAt),
    startedAt: isoOf(sandbox.startedAt),
    exitedAt: isoOf(sandbox.exitedAt),
    labels: (sandbox.config?.['labels'] ?? {}) as Record<string, string>,
    totals: sandbox.totals ?? {},
    containers: sandbox.containers.map((container) => container.id),
  };
}

/** A container as `ps -o json|yaml` and `inspect` print it. */
export function containerView(container: Container, sandbox: Sandbox | undefined) {
  return {
    id: container.id,
    podSandboxId: container.sandboxId,
    podName: sandbox?.name ?? '',
    name: container.name,
    image: container.image,
    state: container.state,
    pid: container.pid,
    exitStatus: container.exitStatus ?? null,
    createdAt: isoOf(container.createdAt),
    startedAt: isoOf(container.startedAt),
    exitedAt: isoOf(container.exitedAt),
    bundle: container.bundle,
    resources: container.resources ?? {},
    execs: container.execs.map((exec) => ({ id: exec.id, state: exec.state, pid: exec.pid })),
  };
}

/** A usage sample as `top` and `stats` print it in JSON and YAML: the exact numbers, in snake_case like the figures. */
export function usageOf(sample: UsageSample | undefined) {
  return {
    cpu_cores: sample?.cpuCores ?? 0,
    cpu_usage_usec: sample?.cpuUsageUsec ?? 0,
    memory_working_set_bytes: sample?.memoryWorkingSetBytes ?? 0,
    memory_usage_bytes: sample?.memoryUsageBytes ?? 0,
    memory_limit_bytes: sample?.memoryLimitBytes ?? 0,
    pids: sample?.pids ?? 0,
  };
}
