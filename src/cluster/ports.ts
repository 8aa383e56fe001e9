/** Whether the cluster's TCP addresses are free, checked before anything starts: one clear error naming them all. */
import net from 'node:net';
import { FailedPreconditionError } from '../core/errors.js';

export interface ListenAddress {
  owner: string;
  host: string;
  port: number;
}

/** Resolves with the error code of a failed listen (EADDRINUSE, EACCES, ...), or undefined when it could. */
export function tryListen(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

export async function checkPortsFree(addresses: ListenAddress[]): Promise<void> {
  const taken: string[] = [];
  for (const { owner, host, port } of addresses) {
    const problem = await tryListen(host, port);
    if (problem) taken.push(`${host}:${port} (${owner}): ${problem === 'EADDRINUSE' ? 'in use' : problem}`);
  }
  if (taken.length > 0)
    throw new FailedPreconditionError(
      `cannot listen on ${taken.join(', ')}; stop what holds them (a cluster of another --dir?)`,
    );
}
