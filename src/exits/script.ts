/**
 * A container's scripted end, from the pod's annotations (kubelet copies them into the PodSandboxConfig):
 *   `resource-slot.io/exit-after[.<container>]`  how long after its start the container's process exits (`30s`);
 *   `resource-slot.io/exit-code[.<container>]`   with which status (0 to 255; default 0: it completed).
 * The per-container key wins over the pod-wide one. A code other than 0 makes every run of the container fail, so
 * kubelet restarts it and shows CrashLoopBackOff by itself; 0 makes a Job's pod complete.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { parseDuration } from '../workload/duration.js';

export const EXIT_AFTER_KEY = 'resource-slot.io/exit-after';
export const EXIT_CODE_KEY = 'resource-slot.io/exit-code';

export interface ExitScript {
  afterMs: number;
  exitStatus: number;
}

const field = (key: string): string => `annotations[${JSON.stringify(key)}]`;

function parseAfter(key: string, text: string): number {
  const seconds = parseDuration(text.trim());
  if (typeof seconds === 'string') throw new InvalidArgumentError(field(key), seconds);
  return Math.round(seconds * 1000);
}

function parseCode(key: string, text: string): number {
  const trimmed = text.trim();
  const code = /^[0-9]{1,3}$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!(code >= 0 && code <= 255))
    throw new InvalidArgumentError(
      field(key),
      `exit code ${JSON.stringify(text)} must be a whole number from 0 to 255`,
    );
  return code;
}

/** The value of `key` for `container`: its own `<key>.<container>`, else the pod-wide `<key>`, else undefined. */
function lookup(
  annotations: Record<string, string>,
  key: string,
  container: string,
): [string, string] | undefined {
  const own = `${key}.${container}`;
  if (container !== '' && Object.hasOwn(annotations, own)) return [own, annotations[own] ?? ''];
  return Object.hasOwn(annotations, key) ? [key, annotations[key] ?? ''] : undefined;
}

/** The container's exit script, or null when none applies. Throws InvalidArgumentError naming a bad key. */
export function exitScriptFor(annotations: Record<string, string>, container: string): ExitScript | null {
  const after = lookup(annotations, EXIT_AFTER_KEY, container);
  const code = lookup(annotations, EXIT_CODE_KEY, container);
  const exitStatus = code ? parseCode(...code) : 0;
  return after ? { afterMs: parseAfter(...after), exitStatus } : null;
}

/** Checks every exit key of a pod's annotations (pod-wide and per container), so a bad one fails the pod's Create. */
export function validateExitAnnotations(annotations: Record<string, string>): void {
  for (const [key, value] of Object.entries(annotations)) {
    if (key === EXIT_AFTER_KEY || key.startsWith(`${EXIT_AFTER_KEY}.`)) parseAfter(key, value);
    if (key === EXIT_CODE_KEY || key.startsWith(`${EXIT_CODE_KEY}.`)) parseCode(key, value);
  }
}
