import { status, type ServiceError } from '@grpc/grpc-js';

/**
 * A failure the ctl reports itself (bad usage, an id prefix that matches nothing, an unreadable config file).
 * `code` is the gRPC code name it corresponds to, printed like a daemon's error; null for plain usage errors.
 */
export class CtlError extends Error {
  constructor(
    message: string,
    readonly code: string | null = null,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}

/** Exit status for a bad flag, a missing argument or an unknown verb. */
export const USAGE_EXIT_CODE = 2;

export class UsageError extends CtlError {
  constructor(message: string) {
    super(message, null, USAGE_EXIT_CODE);
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return (
    error instanceof Error &&
    typeof (error as Partial<ServiceError>).code === 'number' &&
    typeof (error as Partial<ServiceError>).details === 'string'
  );
}

/** The line printed for a failure (after the program name) and the exit status that goes with it. */
export function describeFailure(error: unknown, socket: string): { text: string; exitCode: number } {
  if (error instanceof CtlError) {
    return { text: error.code ? `${error.code}: ${error.message}` : error.message, exitCode: error.exitCode };
  }
  if (isServiceError(error)) {
    const name = status[error.code] ?? String(error.code);
    // grpc-js reports a socket nobody serves as UNAVAILABLE "No connection established … connect ENOENT". A
    // daemon that could not reach its containerd (orphans) says so itself: the daemon's socket is fine then.
    const unreachable =
      error.code === status.UNAVAILABLE &&
      /connect|No connection/.test(error.details) &&
      !error.details.startsWith('containerd at ');
    const hint = unreachable
      ? ` (is resource-slot-sandboxer running and serving ${socket}? see --socket)`
      : '';
    return { text: `${name}: ${error.details}${hint}`, exitCode: 1 };
  }
  return { text: error instanceof Error ? error.message : String(error), exitCode: 1 };
}
