/** A failure as one short text for a log field or a message: a gRPC error's details, else its message. */
export function errorText(error: unknown): string {
  const details = (error as { details?: unknown } | null)?.details;
  if (typeof details === 'string' && details !== '') return details;
  return error instanceof Error ? error.message : String(error);
}
