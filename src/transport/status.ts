import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { InjectedError, InternalError, SandboxerError, type ErrorKind } from '../core/errors.js';

/** The one mapping from our error types to gRPC status codes (an injected fault carries the one it chose). */
const CODES: Record<Exclude<ErrorKind, 'Injected'>, status> = {
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

function codeOf(error: SandboxerError): status {
  if (error instanceof InjectedError) return status[error.status];
  return error.kind === 'Injected' ? status.UNKNOWN : CODES[error.kind];
}

export function toServiceError(error: SandboxerError): Partial<ServiceError> {
  return { code: codeOf(error), details: wellFormed(error.message), metadata: new Metadata() };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * grpc-js percent-encodes the status message with encodeURI, which throws on a lone UTF-16 surrogate, outside any
 * handler, and so takes the whole daemon down. Messages quote client input, and V8's JSON.parse errors can quote
 * half of a character (`JSON.parse('😀')` names the token '\ud83d'), so every message is made well-formed here.
 */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

export function grpcCodeName(error: SandboxerError): string {
  return status[codeOf(error)];
}
