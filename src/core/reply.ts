import type { SandboxerError } from './errors.js';

/** How the supervisor answers a request: exactly one of the two is called, once. */
export interface Reply<T> {
  resolve(value: T): void;
  reject(error: SandboxerError): void;
}
