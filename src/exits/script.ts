/**
 * A container's scripted end, from the pod's annotations (kubelet copies them into the PodSandboxConfig):
 *   `resource-slot.io/exit-after[.<container>]`  how long after its start the container's process exits (`30s`);
 *   `resource-slot.io/exit-code[.<container>]`   with which status (0 to 255; default 0: it completed);
 *   `resource-slot.io/exit-on-starts[.<container>]`  only on these starts of the container (`2`, `1,3`, `2-4`, `3-`;
 *                                                 kubelet's restartCount + 1); then exit-after defaults to 0 and
 *                                                 exit-code to 1, so `exit-on-starts: "2"` alone fails the 2nd run;
 * and how its exec'd processes (probes, `kubectl exec`) exit: `resource-slot.io/exec-exit-code`, `-from`, `-until`.
 * The per-container key wins over the pod-wide one. A code other than 0 makes every run of the container fail, so
 * kubelet restarts it and shows CrashLoopBackOff by itself; 0 makes a Job's pod complete.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { parseDuration } from '../workload/duration.js';

export const EXIT_AFTER_KEY = 'resource-slot.io/exit-after';
export const EXIT_CODE_KEY = 'resource-slot.io/exit-code';
export const EXIT_ON_STARTS_KEY = 'resource-slot.io/exit-on-starts';
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

/** An exit status annotation's value, 0 to 255; InvalidArgumentError naming the annotation otherwise. */
export function parseCode(key: string, text: string): number {
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

/**
 * The exit script of the container's `run`-th start, or null when none applies. Throws InvalidArgumentError naming
 * a bad key.
 */
export function exitScriptFor(
  annotations: Record<string, string>,
  container: string,
  run: number,
): ExitScript | null {
  const after = lookup(annotations, EXIT_AFTER_KEY, container);
  const code = lookup(annotations, EXIT_CODE_KEY, container);
  const starts = lookup(annotations, EXIT_ON_STARTS_KEY, container);
  if (starts) {
    if (!parseStarts(...starts).includes(run)) return null;
    return { afterMs: after ? parseAfter(...after) : 0, exitStatus: code ? parseCode(...code) : 1 };
  }
  const exitStatus = code ? parseCode(...code) : 0;
  return after ? { afterMs: parseAfter(...after), exitStatus } : null;
}

/** A set of start numbers, `2`, `1,3`, `2-4`, `3-` (from the 3rd on), as a membership test. */
interface StartSet {
  includes(run: number): boolean;
}

function parseStarts(key: string, text: string): StartSet {
  const ranges = text.split(',').map((part) => parseStartRange(key, text, part.trim()));
  return { includes: (run) => ranges.some(([low, high]) => run >= low && run <= high) };
}

function parseStartRange(key: string, text: string, part: string): [number, number] {
  const bounds = part.split('-');
  const [low, high] = bounds.map((bound) => (/^[1-9][0-9]{0,8}$/.test(bound) ? Number(bound) : NaN));
  const open = bounds.length === 2 && bounds[1] === '';
  const valid =
    low !== undefined &&
    !Number.isNaN(low) &&
    (bounds.length === 1 || open || (bounds.length === 2 && high !== undefined && high >= low));
  if (!valid)
    throw new InvalidArgumentError(
      field(key),
      `bad start list ${JSON.stringify(text)}: ${JSON.stringify(part)} is not a start number (from 1), ` +
        `a range like 2-4 or an open range like 3-`,
    );
  if (bounds.length === 1) return [low, low];
  return [low, open ? Infinity : (high ?? low)];
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
    if (isKey(key, [EXIT_ON_STARTS_KEY])) parseStarts(key, value);
  }
}
