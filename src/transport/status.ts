import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { InternalError, SandboxerError, type ErrorKind } from '../errors.js';

/** The one mapping from our error types to gRPC status codes. */
const CODES: Record<ErrorKind, status> = {
  NotFound: status.NOT_FOUND,
  AlreadyExists: status.ALREADY_EXISTS,
  FailedPrecondition: status.FAILED_PRECONDITION,
  InvalidArgument: status.INVALID_ARGUMENT,
  ResourceExhausted: status.RESOURCE_EXHAUSTED,
  Unimplemented: status.UNIMPLEMENTED,
  Unavailable: status.UNAVAILABLE,
  Internal: status.INTERNAL,
};

export function asSandboxerError(error: unknown): SandboxerError {
  if (error instanceof SandboxerError) return error;
  return new InternalError(error instanceof Error ? error.message : String(error));
}

export function toServiceError(error: SandboxerError): Partial<ServiceError> {
  return { code: CODES[error.kind], details: error.message, metadata: new Metadata() };
}

export function grpcCodeName(error: SandboxerError): string {
  return status[CODES[error.kind]];
}
