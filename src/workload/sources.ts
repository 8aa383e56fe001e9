/**
 * Where a container's CPU or memory usage profile comes from, highest precedence first:
 *   1. `resource-slot.io/usage-<resource>.<container-name>`: a profile expression for that container;
 *   2. `resource-slot.io/usage-<resource>`: a profile expression for every container of the pod;
 *   3. `kwok.x-k8s.io/usage-<resource>`: a plain quantity for every container, as KWOK reads it;
 *   4. the default: a fixed fraction of the container's request (CPU 10 %, memory 50 %), never below KWOK's
 *      fallback (1m CPU, 1Mi memory), which is also the value without a request.
 * Every candidate present is parsed, so a bad value is refused even when a higher one would win.
 */
import { parseProfile, quantityValue } from './build.js';
import type { Profile } from './profile.js';

export type Resource = 'cpu' | 'memory';

export const USAGE_KEYS: Readonly<Record<Resource, { ours: string; kwok: string }>> = {
  cpu: { ours: 'resource-slot.io/usage-cpu', kwok: 'kwok.x-k8s.io/usage-cpu' },
  memory: { ours: 'resource-slot.io/usage-memory', kwok: 'kwok.x-k8s.io/usage-memory' },
};

/** Default usage: this fraction of the request (CPU 10 %, memory 50 %)... */
export const DEFAULT_FRACTION: Readonly<Record<Resource, number>> = { cpu: 0.1, memory: 0.5 };
/** ...never below KWOK's default ClusterResourceUsage, 1m CPU and 1Mi memory (the value without a request). */
export const DEFAULT_MINIMUM: Readonly<Record<Resource, number>> = { cpu: 0.001, memory: 1024 * 1024 };

export interface ChosenProfile {
  profile: Profile;
  /** The annotation key it came from, or `default`. */
  source: string;
}

export const annotationField = (key: string): string => `annotations[${JSON.stringify(key)}]`;

/**
 * The default usage: never zero (metrics-server drops a pod with a zero CPU or memory sample), and never so small
 * that the CPU counter would not move by a microsecond per second.
 */
export function defaultUsage(resource: Resource, request: number | null): number {
  const share = request !== null && request > 0 ? request * DEFAULT_FRACTION[resource] : 0;
  const value = Math.max(share, DEFAULT_MINIMUM[resource]);
  return resource === 'memory' ? Math.floor(value) : value;
}

function parseKey(annotations: Record<string, string>, key: string, kwok: boolean): ChosenProfile | null {
  if (!Object.hasOwn(annotations, key)) return null;
  const text = annotations[key] ?? '';
  const field = annotationField(key);
  const profile: Profile = kwok
    ? { kind: 'constant', value: quantityValue(text, field, 'the value') }
    : parseProfile(text, field);
  return { profile, source: key };
}

/** The profile a container follows for one resource; throws InvalidArgumentError naming a bad annotation. */
export function chooseProfile(
  resource: Resource,
  annotations: Record<string, string>,
  containerName: string,
  request: number | null,
): ChosenProfile {
  const { ours, kwok } = USAGE_KEYS[resource];
  const own = containerName === '' ? null : parseKey(annotations, `${ours}.${containerName}`, false);
  const pod = parseKey(annotations, ours, false);
  const theirs = parseKey(annotations, kwok, true);
  return (
    own ??
    pod ??
    theirs ?? { profile: { kind: 'constant', value: defaultUsage(resource, request) }, source: 'default' }
  );
}

/** Checks every usage annotation of a pod, whichever container it names (e.g. once, at RunPodSandbox). */
export function validateUsageAnnotations(annotations: Record<string, string>): void {
  for (const key of Object.keys(annotations)) {
    for (const { ours, kwok } of Object.values(USAGE_KEYS)) {
      if (key === kwok) parseKey(annotations, key, true);
      else if (key === ours || key.startsWith(`${ours}.`)) parseKey(annotations, key, false);
    }
  }
}
