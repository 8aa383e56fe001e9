/**
 * How a check ends early. Apart from verdict.ts so that rpc.ts can tell them from a gRPC answer without importing
 * what imports it.
 */

/** Thrown inside a check to end it as failed. */
export class CheckFailed extends Error {}

/** Thrown inside a check to end it as not applicable (e.g. the sandboxer returned no task address). */
export class CheckSkipped extends Error {}
