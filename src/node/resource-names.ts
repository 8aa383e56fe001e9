/** The resource names a node reports (v1.ResourceName), and what unit kubelet reads each in. */
import { QuantityError, parseQuantity } from '../resources/quantity.js';

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const PODS = 'pods';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';
export const HUGEPAGES_PREFIX = 'hugepages-';

export const isHugePages = (name: string): boolean => name.startsWith(HUGEPAGES_PREFIX);

/** `hugepages-<size>` with a size Kubernetes parses as a positive quantity (2Mi, 1Gi), as v1helper accepts it. */
export function isHugePagesName(name: string): boolean {
  if (!isHugePages(name)) return false;
  try {
    const size = parseQuantity(name.slice(HUGEPAGES_PREFIX.length));
    return !size.negative && size.digits > 0n;
  } catch (error) {
    if (error instanceof QuantityError) return false;
    throw error;
  }
}

/** Names whose amounts are counts of whole things: a fraction of a pod means nothing. */
export const isCount = (name: string): boolean => name === PODS;

/** How kubelet reads a resource in its admission messages: millicores for cpu, whole units for the rest. */
export const isMilli = (name: string): boolean => name === CPU;
