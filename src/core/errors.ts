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
  | 'Internal';

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
