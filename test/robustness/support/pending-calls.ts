import type { ServiceError } from '@grpc/grpc-js';

export interface PendingCall<Res> {
  /** Whether the call has been answered (with a response or an error) so far. */
  settled(): boolean;
  /** The response; rejects with the call's error (CANCELLED after `cancel`). */
  result: Promise<Res>;
  cancel(): void;
}

/**
 * Starts a unary call that is expected to block (a Wait) and keeps its handle, so the caller can check later
 * whether it is still pending and cancel it.
 */
export function pendingAfter<Res>(
  invoke: (callback: (error: ServiceError | null, response: Res) => void) => { cancel(): void },
): PendingCall<Res> {
  let settled = false;
  let call: { cancel(): void } | undefined;
  const result = new Promise<Res>((resolve, reject) => {
    call = invoke((error, response) => {
      settled = true;
      if (error) reject(error);
      else resolve(response);
    });
  });
  // A cancelled Wait rejects with CANCELLED; callers that never await it must not see an unhandled rejection.
  result.catch(() => {});
  return { settled: () => settled, result, cancel: () => call?.cancel() };
}
