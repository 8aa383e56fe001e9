/**
 * The price file (docs/planning.md, "Prices"): a currency and hourly prices per resource, cpu per core-hour,
 * memory (and hugepages, ephemeral-storage) per GiB-hour, anything else per unit-hour. YAML or JSON. A resource the
 * file leaves out is unpriced: costs report it as such, never as free.
 */
import YAML from 'yaml';
import { InvalidArgumentError } from '../core/errors.js';
import { CPU, MEMORY } from '../node/resource-names.js';

export interface Prices {
  /** ISO 4217 code, as given. */
  currency: string;
  /** Resource name → price per unit-hour (units: src/cost/units.ts). */
  perHour: ReadonlyMap<string, number>;
  /** Where the prices come from, for the output: the file, or the sample's source. */
  source: string;
}

const TOP_LEVEL = new Set(['currency', 'cpu', 'memory', 'resources', 'description']);
const CURRENCY = /^[A-Z]{3}$/;
/** A Kubernetes resource name: an optional DNS-subdomain prefix and a name (v1 ResourceName). */
const RESOURCE_NAME = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A price as a number or a numeric string (OpenCost's own files quote them), finite and not negative. */
function priceOf(value: unknown, field: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0)
    throw new InvalidArgumentError(
      field,
      `must be a price per hour, a number ≥ 0, got ${JSON.stringify(value)}`,
    );
  return number;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a price file's text. `field` starts every error's field ("prices"); a syntax error names the line.
 * @throws InvalidArgumentError
 */
export function parsePrices(text: string, source: string, field = 'prices'): Prices {
  let document: unknown;
  try {
    document = YAML.parse(text, { prettyErrors: true });
  } catch (error) {
    throw new InvalidArgumentError(
      field,
      `not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!isMapping(document))
    throw new InvalidArgumentError(field, 'must be a mapping (YAML) or an object (JSON)');
  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL.has(key))
      throw new InvalidArgumentError(
        `${field}.${key}`,
        `unknown field (known: ${[...TOP_LEVEL].join(', ')})`,
      );
  }
  const currency = document['currency'];
  if (typeof currency !== 'string' || !CURRENCY.test(currency))
    throw new InvalidArgumentError(
      `${field}.currency`,
      `must be an ISO 4217 code such as USD, got ${JSON.stringify(currency)}`,
    );
  const perHour = new Map<string, number>();
  for (const name of [CPU, MEMORY]) {
    if (document[name] !== undefined) perHour.set(name, priceOf(document[name], `${field}.${name}`));
  }
  const resources = document['resources'] ?? {};
  if (!isMapping(resources))
    throw new InvalidArgumentError(
      `${field}.resources`,
      'must be a mapping of resource name to price per hour',
    );
  for (const [name, value] of Object.entries(resources)) {
    const where = `${field}.resources[${JSON.stringify(name)}]`;
    if (name === CPU || name === MEMORY || name === 'pods' || !RESOURCE_NAME.test(name))
      throw new InvalidArgumentError(
        where,
        name === 'pods'
          ? 'pods are not priced'
          : name === CPU || name === MEMORY
            ? `give ${name} at the top level`
            : 'not a Kubernetes resource name',
      );
    perHour.set(name, priceOf(value, where));
  }
  return { currency, perHour, source };
}
