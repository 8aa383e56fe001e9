import type { CallOptions, Metadata, ServiceError } from '@grpc/grpc-js';

type Callback<Res> = (error: ServiceError | null, response: Res) => void;

/** A generated client's unary method: (request, metadata, options, callback). */
export type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: Callback<Res>,
) => unknown;

/** Runs one unary call as a promise, with a deadline `timeoutMs` from now. */
export function callUnary<Req, Res>(
  method: UnaryMethod<Req, Res>,
  request: Req,
  metadata: Metadata,
  timeoutMs: number,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method(request, metadata, { deadline: Date.now() + timeoutMs }, (error, response) =>
      error ? reject(error) : resolve(response),
    ),
  );
}
