import {
  status,
  type MethodDefinition,
  type ServiceDefinition,
  type UntypedHandleCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';

const DECODE_FAILURE = Symbol('decode failure');

interface DecodeFailure {
  [DECODE_FAILURE]: string;
}

function isDecodeFailure(request: unknown): request is DecodeFailure {
  return typeof request === 'object' && request !== null && DECODE_FAILURE in request;
}

type AnyMethod = MethodDefinition<unknown, unknown>;

/**
 * grpc-js answers a request it cannot decode with INTERNAL, as if the daemon were broken. Garbage from a client
 * is bad input: every method decodes through a wrapper that turns a decoding error into a marker, and the handler
 * wrapper answers the marker with INVALID_ARGUMENT naming the method, before any handler code runs.
 */
export function withSafeDecoding(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
): { definition: ServiceDefinition; implementation: UntypedServiceImplementation } {
  const safeDefinition: Record<string, AnyMethod> = {};
  const safeImplementation: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition as Record<string, AnyMethod>)) {
    safeDefinition[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        try {
          return method.requestDeserialize(bytes);
        } catch (error) {
          return { [DECODE_FAILURE]: error instanceof Error ? error.message : String(error) };
        }
      },
    };
    const handler = implementation[name];
    if (handler) safeImplementation[name] = guard(method.path, handler);
  }
  return { definition: safeDefinition as ServiceDefinition, implementation: safeImplementation };
}

function guard(path: string, handler: UntypedHandleCall): UntypedHandleCall {
  const guarded = (
    call: { request?: unknown; emit?: (event: string, error: object) => void },
    callback?: unknown,
  ) => {
    if (isDecodeFailure(call.request)) {
      const error = {
        code: status.INVALID_ARGUMENT,
        details: `request: cannot decode the ${path} request: ${call.request[DECODE_FAILURE]}`,
      };
      if (typeof callback === 'function') (callback as (error: object, value: null) => void)(error, null);
      else call.emit?.('error', error);
      return;
    }
    (handler as (call: unknown, callback?: unknown) => void)(call, callback);
  };
  return guarded as UntypedHandleCall;
}
