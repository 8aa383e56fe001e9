import type { FaultCode } from './types.js';

/** Every FaultCode, in grpc-js's `status` order; typed so that a name missing here fails to compile. */
const CODES: Record<FaultCode, true> = {
  CANCELLED: true,
  UNKNOWN: true,
  INVALID_ARGUMENT: true,
  DEADLINE_EXCEEDED: true,
  NOT_FOUND: true,
  ALREADY_EXISTS: true,
  PERMISSION_DENIED: true,
  RESOURCE_EXHAUSTED: true,
  FAILED_PRECONDITION: true,
  ABORTED: true,
  OUT_OF_RANGE: true,
  UNIMPLEMENTED: true,
  INTERNAL: true,
  UNAVAILABLE: true,
  DATA_LOSS: true,
  UNAUTHENTICATED: true,
};

export const FAULT_CODES: readonly FaultCode[] = Object.keys(CODES) as FaultCode[];

export function isFaultCode(name: string): name is FaultCode {
  return Object.hasOwn(CODES, name);
}
