import type { ClientReadableStream } from '@grpc/grpc-js';
import type { CtlIo } from './io.js';

/**
 * Reads a server stream until `each` returns false, the user interrupts (exit 0), or the daemon ends the stream
 * (an error). `subscribed` goes to stderr once the daemon's headers arrive: from then on nothing is missed.
 */
export function follow<T>(
  stream: ClientReadableStream<T>,
  io: CtlIo,
  subscribed: string,
  each: (message: T) => boolean,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (error?: unknown): void => {
      if (done) return;
      done = true;
      io.signal?.removeEventListener('abort', interrupt);
      stream.cancel();
      if (error) reject(error);
      else resolve();
    };
    const interrupt = (): void => finish();
    io.signal?.addEventListener('abort', interrupt, { once: true });
    if (io.signal?.aborted) finish();
    stream.on('metadata', () => io.stderr(subscribed));
    stream.on('data', (message: T) => {
      if (!done && !each(message)) finish();
    });
    // After `finish` cancels the call, the CANCELLED error that follows is ignored like any late event.
    stream.on('error', (error: unknown) => finish(error));
    stream.on('end', () => finish());
  });
}
