/**
 * A sandbox that dies by itself (docs/faults.md), from its pod's annotations:
 *   `resource-slot.io/sandbox-exit-after`  how long after its Start the sandbox dies (`30s`);
 *   `resource-slot.io/sandbox-exit-code`   with which status (0 to 255; default 137, as a sandbox killed by SIGKILL).
 * Its Wait then answers early, as containerd sees when a pod's sandbox process dies: containerd marks the pod not
 * ready and kubelet makes a new sandbox.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { parseDuration } from '../workload/duration.js';
import { parseCode } from './script.js';

export const SANDBOX_EXIT_AFTER_KEY = 'resource-slot.io/sandbox-exit-after';
export const SANDBOX_EXIT_CODE_KEY = 'resource-slot.io/sandbox-exit-code';
const DEFAULT_EXIT_STATUS = 137;

export interface SandboxDeath {
  afterMs: number;
  exitStatus: number;
}

const field = (key: string): string => `annotations[${JSON.stringify(key)}]`;

/** The sandbox's death, or null when it lives until stopped. Throws InvalidArgumentError naming a bad key. */
export function sandboxDeathFor(annotations: Record<string, string>): SandboxDeath | null {
  const after = annotations[SANDBOX_EXIT_AFTER_KEY];
  const code = annotations[SANDBOX_EXIT_CODE_KEY];
  const exitStatus = code === undefined ? DEFAULT_EXIT_STATUS : parseCode(SANDBOX_EXIT_CODE_KEY, code);
  if (after === undefined) return null;
  const seconds = parseDuration(after.trim());
  if (typeof seconds === 'string') throw new InvalidArgumentError(field(SANDBOX_EXIT_AFTER_KEY), seconds);
  return { afterMs: Math.round(seconds * 1000), exitStatus };
}
