/**
 * End of output for a process that has exited. containerd opens the read side of a process's stdout/stderr FIFOs
 * before it creates the process and copies them until EOF; CRI's exec (`crictl exec`) waits for that EOF after the
 * exit code and would otherwise hang forever (containerd `container_execsync.go`, drainExecSyncIO). Nothing writes
 * to them here, so EOF is produced by opening the write side once and closing it.
 *
 * Only FIFOs at absolute paths are touched (never followed through a symlink, never created), and the open is
 * non-blocking: ENXIO means containerd's reader is not there yet, so it is retried for a bounded time.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

export interface EndOfOutputOptions {
  /** How long to keep retrying while no reader has the FIFO open. */
  giveUpAfterMs?: number;
  retryEveryMs?: number;
}

/** The stdout and stderr paths of a process record (`{ stdout, stderr }`), skipping empty and non-path values. */
export function outputPaths(record: Record<string, unknown>): string[] {
  return [record['stdout'], record['stderr']].filter(
    (value): value is string => typeof value === 'string' && path.isAbsolute(value),
  );
}

/** Gives every reader of `fifos` EOF; never throws (failures are logged), resolves when done or given up. */
export async function endOutput(
  fifos: string[],
  log: Logger,
  { giveUpAfterMs = 5_000, retryEveryMs = 20 }: EndOfOutputOptions = {},
): Promise<void> {
  await Promise.all(
    fifos.map(async (fifo) => {
      const deadline = Date.now() + giveUpAfterMs;
      for (;;) {
        const outcome = await openAndClose(fifo);
        if (outcome === 'done') return;
        if (outcome !== 'no-reader') {
          log.warn({ fifo, err: outcome }, 'Could not close the output FIFO of an exited process');
          return;
        }
        if (Date.now() >= deadline) {
          log.debug({ fifo }, 'No reader opened the output FIFO of an exited process; left as is');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, retryEveryMs));
      }
    }),
  );
}

/** 'done' (EOF delivered, or nothing to do), 'no-reader', or an error message. */
async function openAndClose(fifo: string): Promise<string> {
  try {
    const stats = await fs.lstat(fifo);
    if (!stats.isFIFO()) return 'done';
    const handle = await fs.open(fifo, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    await handle.close();
    return 'done';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'done';
    if (code === 'ENXIO') return 'no-reader';
    return error instanceof Error ? error.message : String(error);
  }
}
