import path from 'node:path';

/** How the runner reaches a task API: `auto` takes the address Start returns, a path names a gRPC socket. */
export type TaskSocketMode = { kind: 'auto' } | { kind: 'path'; path: string };

export type TaskEndpoint = { kind: 'grpc'; target: string } | { kind: 'none'; why: string };

/**
 * containerd dials `grpc+<bare path>` with a plain unix dial first, so only that gRPC form works (contract 0.7);
 * `ttrpc+…` works for containerd but this runner speaks gRPC only.
 */
export function parseTaskAddress(address: string): TaskEndpoint {
  if (address === '') return { kind: 'none', why: 'Start returned no task address' };
  const plus = address.indexOf('+');
  const protocol = plus < 0 ? '' : address.slice(0, plus);
  const rest = plus < 0 ? address : address.slice(plus + 1);
  if (protocol === 'ttrpc') {
    return {
      kind: 'none',
      why: `task address ${address} is ttrpc; this runner speaks gRPC only (pass --task-socket <gRPC socket>)`,
    };
  }
  if (protocol === 'grpc' && path.isAbsolute(rest)) return { kind: 'grpc', target: `unix:${rest}` };
  return { kind: 'none', why: `task address ${address} is neither grpc+<absolute path> nor ttrpc+<address>` };
}

export function taskEndpointFor(mode: TaskSocketMode, startAddress: string): TaskEndpoint {
  return mode.kind === 'path'
    ? { kind: 'grpc', target: `unix:${mode.path}` }
    : parseTaskAddress(startAddress);
}
