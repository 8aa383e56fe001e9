/** Source 1: explicit annotations holding Kubernetes quantities. */
import { InvalidArgumentError } from '../core/errors.js';
import {
  QuantityError,
  parseQuantity,
  quantityToCores,
  quantityToInteger,
  type Quantity,
} from './quantity.js';
import { emptyLayer, type Layer, type ScalarKey } from './types.js';

/** An annotation value plus the dotted path naming it, e.g. `annotations["resources.limits.cpu"]`. */
export interface AnnotationValue {
  value: string;
  field: string;
}

type Convert = (q: Quantity) => number;

const ANNOTATIONS: readonly [key: string, target: ScalarKey, convert: Convert][] = [
  ['resources.limits.cpu', 'cpu_limit', quantityToCores],
  ['resources.requests.cpu', 'cpu_request', quantityToCores],
  ['resources.limits.memory', 'memory_limit', quantityToInteger],
  ['resources.requests.memory', 'memory_request', quantityToInteger],
  ['resources.limits.pid', 'pid_limit', quantityToInteger],
  ['resources.limits.ephemeral-storage', 'storage_limit', quantityToInteger],
  ['kubernetes.io/ingress-bandwidth', 'network_bandwidth.ingress', quantityToInteger],
  ['kubernetes.io/egress-bandwidth', 'network_bandwidth.egress', quantityToInteger],
];

export const RESOURCE_ANNOTATION_KEYS: readonly string[] = ANNOTATIONS.map(([key]) => key);

/** containerd's bandwidth bounds (internal/cri/bandwidth): 1k <= Value() <= 1P bits/s. */
const MIN_BANDWIDTH = 1e3;
const MAX_BANDWIDTH = 1e15;

/** Turns a plain annotation map into AnnotationValues whose fields read `${prefix}["key"]`. */
export function annotationValues(
  annotations: Readonly<Record<string, string>> | undefined,
  prefix: string,
): Record<string, AnnotationValue> {
  const out: Record<string, AnnotationValue> = {};
  for (const [key, value] of Object.entries(annotations ?? {})) {
    out[key] = { value, field: `${prefix}[${JSON.stringify(key)}]` };
  }
  return out;
}

function convert(a: AnnotationValue, fn: Convert): number {
  if (typeof a.value !== 'string') throw new InvalidArgumentError(a.field, 'must be a string quantity');
  try {
    return fn(parseQuantity(a.value));
  } catch (err) {
    if (!(err instanceof QuantityError)) throw err;
    const why = err.reason === 'range' ? `quantity ${JSON.stringify(a.value)} is out of range` : err.message;
    throw new InvalidArgumentError(a.field, why);
  }
}

/** Reads the resource annotations; values must be non-negative, bandwidth within 1k..1P. */
export function parseAnnotations(annotations: Readonly<Record<string, AnnotationValue>>): Layer {
  const layer = emptyLayer();
  for (const [key, target, fn] of ANNOTATIONS) {
    const a = Object.hasOwn(annotations, key) ? annotations[key] : undefined;
    if (a === undefined) continue;
    const value = convert(a, fn);
    if (value < 0)
      throw new InvalidArgumentError(a.field, `must not be negative (value ${JSON.stringify(a.value)})`);
    if (target.startsWith('network_bandwidth.') && (value < MIN_BANDWIDTH || value > MAX_BANDWIDTH)) {
      throw new InvalidArgumentError(
        a.field,
        `bandwidth ${JSON.stringify(a.value)} is outside 1k..1P bits/s (got ${value} bits/s)`,
      );
    }
    layer.scalars[target] = { value, source: `annotation:${key}`, field: a.field };
  }
  return layer;
}
