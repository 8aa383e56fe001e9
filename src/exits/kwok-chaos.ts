/**
 * KWOK's chaos stage `pod-container-running-failed`, read below the kubelet: a pod labelled
 * `pod-container-running-failed.stage.kwok.x-k8s.io: "true"` has its containers (or the one its `container-name`
 * annotation names) fail after KWOK's delay with its exit code. KWOK's stage fails the pod once (phase Failed);
 * under a real kubelet the container exits and kubelet applies the pod's restartPolicy, and the still-labelled pod
 * fails again on every run. The stage's `reason` and `message` do not reach kubelet from a runtime (kubelet derives
 * the reason, Error, from the exit code), and its `weight` only chooses among KWOK stages; both are accepted and
 * ignored. Init containers cannot be told from others below the kubelet, so the init-container stage is not read.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { parseDuration } from '../workload/duration.js';
import { hashString, uniformAt } from '../workload/prng.js';
import { parseCode, type ExitScript } from './script.js';

export const KWOK_CHAOS_STAGE = 'pod-container-running-failed.stage.kwok.x-k8s.io';
const key = (name: string): string => `${KWOK_CHAOS_STAGE}/${name}`;

/** KWOK's defaults for the stage (kustomize/stage/pod/chaos/pod-container-running-failed.yaml). */
const DEFAULT_DELAY_MS = 1000;
const DEFAULT_JITTER_MS = 1000;
const DEFAULT_EXIT_CODE = 1;

export interface PodChaosInput {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Seeds the jitter, so a pod's run always draws the same delay (a restart of the daemon re-arms the same time). */
  seed: string;
}

const field = (name: string): string => `annotations[${JSON.stringify(name)}]`;

/** KWOK parses both with Go's time.ParseDuration; whole milliseconds here. */
function durationMs(annotations: Record<string, string>, name: string, fallback: number): number {
  const text = annotations[key(name)];
  if (text === undefined) return fallback;
  const seconds = parseDuration(text.trim());
  if (typeof seconds === 'string') throw new InvalidArgumentError(field(key(name)), seconds);
  return Math.round(seconds * 1000);
}

function exitCode(annotations: Record<string, string>): number {
  const text = annotations[key('exit-code')];
  return text === undefined ? DEFAULT_EXIT_CODE : parseCode(key('exit-code'), text);
}

export const isChaosPod = (labels: Record<string, string>): boolean => labels[KWOK_CHAOS_STAGE] === 'true';

/**
 * The stage's end for `container`, or null when the pod is not labelled or names another container. The delay is
 * KWOK's: `delay` plus a uniform draw below `jitter-delay - delay`, or `jitter-delay` when that is not longer
 * (pkg/utils/lifecycle/lifecycle.go).
 */
export function kwokChaosFor(pod: PodChaosInput, container: string, run: number): ExitScript | null {
  if (!isChaosPod(pod.labels)) return null;
  const named = pod.annotations[key('container-name')] ?? '';
  if (named !== '' && named !== container) return null;
  const delay = durationMs(pod.annotations, 'delay', DEFAULT_DELAY_MS);
  const jitter = durationMs(pod.annotations, 'jitter-delay', DEFAULT_JITTER_MS);
  const draw = uniformAt(hashString(`${pod.seed}/${container}`), run);
  const afterMs = jitter <= delay ? jitter : delay + Math.floor(draw * (jitter - delay));
  return { afterMs, exitStatus: exitCode(pod.annotations) };
}

/** Checks the stage's annotations of a labelled pod, so a bad one fails its Create (KWOK would skip it silently). */
export function validateKwokChaos(labels: Record<string, string>, annotations: Record<string, string>): void {
  if (!isChaosPod(labels)) return;
  durationMs(annotations, 'delay', DEFAULT_DELAY_MS);
  durationMs(annotations, 'jitter-delay', DEFAULT_JITTER_MS);
  exitCode(annotations);
}
