import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { asSandboxerError, grpcCodeName, toServiceError } from './status.js';

/** Runs a call's work, or not (the fault gate, src/transport/fault-gate.ts). */
export type AroundCall = <T>(method: string, request: object, work: () => Promise<T>) => Promise<T>;

const direct: AroundCall = (_method, _request, work) => work();

/**
 * Wraps an async handler as a grpc-js unary handler: the answer or the typed error, mapped to its status code in
 * one place and logged with the ids it concerns. `around` sees every call first (fault injection, the call log).
 */
export function unaryHandler(
  log: Logger,
  idFields: (request: object) => Record<string, string>,
  around: AroundCall = direct,
) {
  return function unary<Req extends object, Res>(
    method: string,
    work: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>,
  ) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
      around(method, call.request, () => work(call.request, call)).then(
        (response) => callback(null, response),
        (caught: unknown) => {
          const error = asSandboxerError(caught);
          const level = error.kind === 'Internal' ? 'error' : 'warn';
          log[level](
            { ...idFields(call.request), method, code: grpcCodeName(error), err: error.message },
            `${method} failed`,
          );
          callback(toServiceError(error), null);
        },
      );
    };
  };
}

/** An AbortSignal that fires when the client cancels the call (or disconnects), for long-lived calls like Wait. */
export async function untilCancelled<T>(
  call: {
    once(event: 'cancelled', listener: () => void): unknown;
    removeListener(event: 'cancelled', listener: () => void): unknown;
  },
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const cancelled = new AbortController();
  const onCancel = (): void => cancelled.abort();
  call.once('cancelled', onCancel);
  try {
    return await work(cancelled.signal);
  } finally {
    call.removeListener('cancelled', onCancel);
  }
}
