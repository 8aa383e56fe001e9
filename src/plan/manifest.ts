/**
 * A Kubernetes Pod (v1) or Deployment (apps/v1), as kubectl applies it, read for what the plan needs: the pod's
 * requests (src/plan/pod-requests.ts) and, for a Deployment, its replicas. A request not given is the limit, as
 * the API server defaults it. Errors name the field ("spec.template.spec.containers[0].resources.requests.cpu").
 */
import { InvalidArgumentError } from '../core/errors.js';
import { parseNanos } from '../node/amounts.js';
import { QuantityError } from '../resources/quantity.js';
import { podRequests, type ContainerRequests, type Requests } from './pod-requests.js';
import type { PodAsk } from './pod-ask.js';

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function mapping(value: unknown, field: string, required = false): Mapping {
  if (value === undefined || value === null) {
    if (required) throw new InvalidArgumentError(field, 'is required');
    return {};
  }
  if (!isMapping(value)) throw new InvalidArgumentError(field, 'must be a mapping');
  return value;
}

function quantities(value: unknown, field: string): Map<string, bigint> {
  const amounts = new Map<string, bigint>();
  for (const [name, text] of Object.entries(mapping(value, field))) {
    const where = `${field}.${name}`;
    if (typeof text !== 'string' && typeof text !== 'number')
      throw new InvalidArgumentError(where, `must be a quantity, got ${JSON.stringify(text)}`);
    let nanos: bigint;
    try {
      nanos = parseNanos(String(text));
    } catch (error) {
      if (!(error instanceof QuantityError)) throw error;
      throw new InvalidArgumentError(where, `${JSON.stringify(text)} is not a quantity: ${error.message}`);
    }
    if (nanos < 0n)
      throw new InvalidArgumentError(where, `must not be negative, got ${JSON.stringify(text)}`);
    amounts.set(name, nanos);
  }
  return amounts;
}

/** The container's requests, each defaulted from its limit when not given; request > limit is refused. */
function containerRequests(value: unknown, field: string): ContainerRequests {
  const container = mapping(value, field);
  if (typeof container['name'] !== 'string' || container['name'] === '')
    throw new InvalidArgumentError(`${field}.name`, 'is required');
  const resources = mapping(container['resources'], `${field}.resources`);
  const requests = quantities(resources['requests'], `${field}.resources.requests`);
  const limits = quantities(resources['limits'], `${field}.resources.limits`);
  for (const [name, limit] of limits) {
    const request = requests.get(name);
    if (request === undefined) requests.set(name, limit);
    else if (request > limit)
      throw new InvalidArgumentError(
        `${field}.resources.requests.${name}`,
        'must be less than or equal to its limit',
      );
  }
  return { requests, restartable: container['restartPolicy'] === 'Always' };
}

function containerList(value: unknown, field: string, required: boolean): ContainerRequests[] {
  if (value === undefined || value === null) {
    if (required) throw new InvalidArgumentError(field, 'is required: a pod has at least one container');
    return [];
  }
  if (!Array.isArray(value) || (required && value.length === 0))
    throw new InvalidArgumentError(
      field,
      required ? 'must be a list of at least one container' : 'must be a list',
    );
  return value.map((container, index) => containerRequests(container, `${field}[${index}]`));
}

function podSpecRequests(value: unknown, field: string): Requests {
  const spec = mapping(value, field, true);
  return podRequests({
    containers: containerList(spec['containers'], `${field}.containers`, true),
    initContainers: containerList(spec['initContainers'], `${field}.initContainers`, false),
    overhead: quantities(spec['overhead'], `${field}.overhead`),
  });
}

function replicasOf(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new InvalidArgumentError(
      'spec.replicas',
      `must be a whole number ≥ 0, got ${JSON.stringify(value)}`,
    );
  return value;
}

/** @throws InvalidArgumentError naming the field */
export function manifestAsk(document: Mapping): PodAsk {
  const kind = document['kind'];
  const metadata = mapping(document['metadata'], 'metadata');
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  if (kind === 'Pod') return { name, requests: podSpecRequests(document['spec'], 'spec'), replicas: null };
  if (kind === 'Deployment') {
    const spec = mapping(document['spec'], 'spec', true);
    const template = mapping(spec['template'], 'spec.template', true);
    return {
      name,
      requests: podSpecRequests(template['spec'], 'spec.template.spec'),
      replicas: replicasOf(spec['replicas']),
    };
  }
  throw new InvalidArgumentError('kind', `want Pod or Deployment, got ${JSON.stringify(kind ?? null)}`);
}

/** A Kubernetes object (it has `kind`), not a crictl config. */
export const isManifest = (document: Mapping): boolean => typeof document['kind'] === 'string';
