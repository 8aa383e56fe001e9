/**
 * A container's scripted end, from the pod's annotations (kubelet copies them into the PodSandboxConfig):
 *   `resource-slot.io/exit-after[.<container>]`  how long after its start the container's process exits (`30s`);
 *   `resource-slot.io/exit-code[.<container>]`   with which status (0 to 255; default 0: it completed);
 * and how its exec'd processes (probes, `kubectl exec`) exit: `resource-slot.io/exec-exit-code`, `-from`, `-until`.
 * The per-container key wins over the pod-wide one. A code other than 0 makes every run of the container fail, so
 * kubelet restarts it and shows CrashLoopBackOff by itself; 0 makes a Job's pod complete.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { parseDuration } from '../workload/duration.js';

export const EXIT_AFTER_KEY = 'resource-slot.io/exit-after';
export const EXIT_CODE_KEY = 'resource-slot.io/exit-code';
export const EXEC_EXIT_CODE_KEY = 'resource-slot.io/exec-exit-code';
export const EXEC_EXIT_FROM_KEY = 'resource-slot.io/exec-exit-from';
export const EXEC_EXIT_UNTIL_KEY = 'resource-slot.io/exec-exit-until';

/** The keys whose value is a duration, and those whose value is an exit code. */
const DURATION_KEYS = [EXIT_AFTER_KEY, EXEC_EXIT_FROM_KEY, EXEC_EXIT_UNTIL_KEY];
const CODE_KEYS = [EXIT_CODE_KEY, EXEC_EXIT_CODE_KEY];

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

/**
 * The status an exec'd process of the container exits with `elapsedMs` after the container started (probes flip on
 * a schedule): `exec-exit-code` (default 0) while `exec-exit-from` (default 0) <= elapsed < `exec-exit-until`
 * (default never), else 0. Each key may name one container (`<key>.<container>`).
 */
export function execExitStatusFor(
  annotations: Record<string, string>,
  container: string,
  elapsedMs: number,
): number {
  const code = lookup(annotations, EXEC_EXIT_CODE_KEY, container);
  if (!code) return 0;
  const from = lookup(annotations, EXEC_EXIT_FROM_KEY, container);
  const until = lookup(annotations, EXEC_EXIT_UNTIL_KEY, container);
  if (from && elapsedMs < parseAfter(...from)) return 0;
  if (until && elapsedMs >= parseAfter(...until)) return 0;
  return parseCode(...code);
}

const isKey = (key: string, keys: string[]): boolean =>
  keys.some((known) => key === known || key.startsWith(`${known}.`));

/** Checks every exit key of a pod's annotations (pod-wide and per container), so a bad one fails the pod's Create. */
export function validateExitAnnotations(annotations: Record<string, string>): void {
  for (const [key, value] of Object.entries(annotations)) {
    if (isKey(key, DURATION_KEYS)) parseAfter(key, value);
    if (isKey(key, CODE_KEYS)) parseCode(key, value);
  }
}
