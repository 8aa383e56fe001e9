import { Metadata, status, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { CONTAINERD_NAMESPACE_HEADER } from '../core/containerd-namespace.js';
import { CheckFailed } from './check-errors.js';

const CRI_NAMESPACE = 'k8s.io';

export type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

/** A call in flight: its answer, and a way to give up on it (long-lived calls such as Wait). */
export interface Pending<T> {
  answer: Promise<T>;
  cancel(): void;
}

/**
 * One unary call with containerd's namespace header. `timeoutMs` becomes a gRPC deadline; null leaves the call
 * open (Wait), so it must be cancelled by whoever started it.
 */
export function unaryCall<Req, Res>(
  method: UnaryMethod<Req, Res>,
  request: Req,
  timeoutMs: number | null,
): Pending<Res> {
  const metadata = new Metadata();
  metadata.set(CONTAINERD_NAMESPACE_HEADER, CRI_NAMESPACE);
  const options: Partial<CallOptions> = timeoutMs === null ? {} : { deadline: Date.now() + timeoutMs };
  let call: ClientUnaryCall | undefined;
  const answer = new Promise<Res>((resolve, reject) => {
    call = method(request, metadata, options, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
  return { answer, cancel: () => call?.cancel() };
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}

/** The gRPC status code a call ended with: OK, or the code of its error (UNKNOWN for a non-gRPC failure). */
export async function codeOf(answer: Promise<unknown>): Promise<status> {
  try {
    await answer;
    return status.OK;
  } catch (error) {
    return codeOfError(error);
  }
}

/**
 * A check that has already failed (the fault layer gave up on a call, src/conformance/resilience.ts) is not an
 * answer to judge: it ends the check instead of passing for some status code.
 */
export function codeOfError(error: unknown): status {
  if (error instanceof CheckFailed) throw error;
  return isServiceError(error) ? error.code : status.UNKNOWN;
}

export function codeName(code: status): string {
  return status[code] ?? `code ${code}`;
}

/** "Start answered NOT_FOUND: sandbox x not found", for a failed call. */
export function describeFailure(call: string, error: unknown): string {
  if (isServiceError(error)) return `${call} answered ${codeName(error.code)}: ${error.details}`;
  return `${call} failed: ${error instanceof Error ? error.message : String(error)}`;
}
