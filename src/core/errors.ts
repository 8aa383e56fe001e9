/**
 * Every failure the daemon reports is one of these types. The transport maps them to gRPC status codes in one
 * place (src/transport/status.ts); nothing else decides a status code.
 */
export type ErrorKind =
  | 'NotFound'
  | 'AlreadyExists'
  | 'FailedPrecondition'
  | 'InvalidArgument'
  | 'ResourceExhausted'
  | 'Unimplemented'
  | 'Unavailable'
  | 'Internal'
  | 'Injected';

export abstract class SandboxerError extends Error {
  abstract readonly kind: ErrorKind;
}

export class NotFoundError extends SandboxerError {
  readonly kind = 'NotFound';
}

export class AlreadyExistsError extends SandboxerError {
  readonly kind = 'AlreadyExists';
}

export class FailedPreconditionError extends SandboxerError {
  readonly kind = 'FailedPrecondition';
}

/** Bad input. `field` names the request field (dotted path) so the client can see what to fix. */
export class InvalidArgumentError extends SandboxerError {
  readonly kind = 'InvalidArgument';
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

export class ResourceExhaustedError extends SandboxerError {
  readonly kind = 'ResourceExhausted';
}

export class UnimplementedError extends SandboxerError {
  readonly kind = 'Unimplemented';
}

export class UnavailableError extends SandboxerError {
  readonly kind = 'Unavailable';
}

export class InternalError extends SandboxerError {
  readonly kind = 'Internal';
}

/** The names of gRPC's status codes (grpc-js's `status` enum), for a fault that chooses its code. */
export type StatusName =
  | 'CANCELLED'
  | 'UNKNOWN'
  | 'INVALID_ARGUMENT'
  | 'DEADLINE_EXCEEDED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'OUT_OF_RANGE'
  | 'UNIMPLEMENTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'DATA_LOSS'
  | 'UNAUTHENTICATED';

/**
 * A failure injected on purpose (docs/faults.md): it carries the status the fault rule chose, any of gRPC's, since
 * containerd treats UNAVAILABLE, NOT_FOUND and UNIMPLEMENTED differently from the rest.
 */
export class InjectedError extends SandboxerError {
  readonly kind = 'Injected';
  constructor(
    readonly status: StatusName,
    message: string,
  ) {
    super(message);
  }
}
