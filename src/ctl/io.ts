/** Where a ctl run writes, and how it is interrupted (the bin wires these to the process; tests capture them). */
export interface CtlIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Aborted on SIGINT/SIGTERM: long-running verbs (watch) stop cleanly. */
  signal?: AbortSignal;
}
