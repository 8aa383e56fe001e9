import type { Logger } from 'pino';
import { flushLogger } from '../log/logger.js';

/**
 * Reports that a program could not start, in its log (flushed, so the line is not lost on exit) and as one line
 * on stderr; returns the exit status (1).
 */
export async function startFailed(log: Logger, program: string, error: unknown): Promise<number> {
  const message = error instanceof Error ? error.message : String(error);
  log.fatal({ err: message }, `${program} cannot start`);
  await flushLogger(log);
  process.stderr.write(`${program}: ${message}\n`);
  return 1;
}

/** Resolves with the first SIGTERM or SIGINT the process receives. */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}
