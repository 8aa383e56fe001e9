/** A pod's requests as the Plan RPC carries them: resource name → Kubernetes quantity. */
import { InvalidArgumentError } from '../core/errors.js';
import { parseNanos } from '../node/amounts.js';
import { quantityText } from '../node/quantity-text.js';
import { QuantityError } from '../resources/quantity.js';
import type { Requests } from './pod-requests.js';

export function requestsText(requests: Requests): Record<string, string> {
  return Object.fromEntries([...requests].map(([name, nanos]) => [name, quantityText(name, nanos)]));
}

/** @throws InvalidArgumentError naming `field["<name>"]` */
export function requestsOfText(text: Record<string, string>, field = 'requests'): Requests {
  const requests = new Map<string, bigint>();
  for (const [name, value] of Object.entries(text)) {
    const where = `${field}[${JSON.stringify(name)}]`;
    try {
      const nanos = parseNanos(value);
      if (nanos < 0n)
        throw new InvalidArgumentError(where, `must not be negative, got ${JSON.stringify(value)}`);
      requests.set(name, nanos);
    } catch (error) {
      if (!(error instanceof QuantityError)) throw error;
      throw new InvalidArgumentError(where, `${JSON.stringify(value)} is not a quantity: ${error.message}`);
    }
  }
  return requests;
}
