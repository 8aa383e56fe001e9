import type { ContainerContext } from '../../machines/container.machine.js';
import type { SandboxContext } from '../../machines/sandbox.machine.js';
import { criContainerNameOf } from '../containers/cri-annotations.js';
import { podAnnotationsOf } from '../workload/sampler.js';
import { execExitStatusFor } from './script.js';

/**
 * The status a process exec'd into `container` at `at` exits with (the supervisor's `execExitStatus` port): 0, or
 * what the pod's `resource-slot.io/exec-exit-*` annotations script for that time since the container started.
 */
export function execExitStatus(container: ContainerContext, sandbox: SandboxContext, at: number): number {
  const elapsedMs = container.startedAt === null ? 0 : Math.max(0, at - container.startedAt);
  return execExitStatusFor(podAnnotationsOf(sandbox.record), criContainerNameOf(container.record), elapsedMs);
}
