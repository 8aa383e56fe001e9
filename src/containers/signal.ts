import { InvalidArgumentError } from '../core/errors.js';

/** Linux signal numbers run from 1 to SIGRTMAX (64); 0 only probes whether the process exists. */
export const MAX_SIGNAL = 64;

/**
 * A Kill's signal. Anything above 64 is not a signal; accepting it would record an exit status of 128 + signal,
 * which does not fit the uint32 exit_status of State, Wait and Delete, so every later answer about the process
 * would fail to encode.
 */
export function validateSignal(signal: number, field: string): number {
  if (!Number.isInteger(signal) || signal < 0 || signal > MAX_SIGNAL) {
    throw new InvalidArgumentError(field, `${signal} is not a signal number (0 to ${MAX_SIGNAL})`);
  }
  return signal;
}
