/**
 * Command line of the task relay (`resource-slot-task-relay`), which the daemon starts itself. Pure: the daemon
 * builds the argument list with `relayArgv` and the relay parses it back with `parseRelayArgs`.
 */
import { isAbsolute } from 'node:path';
import { parseArgs } from 'node:util';
import { LOG_FLAG_SPEC, logFlags } from '../process/log-flags.js';
import type { LogFormat, LogLevel } from '../log/logger.js';

export const RELAY_PROGRAM_NAME = 'resource-slot-task-relay';

export interface RelayOptions {
  /** The socket containerd dials (the daemon's --task-listen). */
  listen: string;
  /** The daemon's own task socket, where every call is forwarded. */
  upstream: string;
  /** Where the relay records its pid and sockets once it serves (see info-file.ts). */
  infoFile: string;
  /** How long the relay holds calls for, and then waits for, a daemon that is gone, before it exits. */
  graceMs: number;
  socketGroup: string | null;
  logLevel: LogLevel;
  logFormat: LogFormat;
}

export function relayArgv(options: RelayOptions): string[] {
  return [
    ...['--listen', options.listen, '--upstream', options.upstream, '--info-file', options.infoFile],
    ...[
      '--grace-ms',
      String(options.graceMs),
      '--log-level',
      options.logLevel,
      '--log-format',
      options.logFormat,
    ],
    ...(options.socketGroup === null ? [] : ['--socket-group', options.socketGroup]),
  ];
}

export type ParsedRelayArgs = { kind: 'run'; options: RelayOptions } | { kind: 'error'; message: string };

export function parseRelayArgs(argv: string[]): ParsedRelayArgs {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        listen: { type: 'string' },
        upstream: { type: 'string' },
        'info-file': { type: 'string' },
        'grace-ms': { type: 'string' },
        'socket-group': { type: 'string' },
        ...LOG_FLAG_SPEC,
      },
    }).values;
  } catch (error) {
    return usageError(
      error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error),
    );
  }
  const { listen, upstream } = values;
  const infoFile = values['info-file'];
  if (listen === undefined || !isAbsolute(listen)) return usageError('--listen must be an absolute path');
  if (upstream === undefined || !isAbsolute(upstream))
    return usageError('--upstream must be an absolute path');
  if (infoFile === undefined || !isAbsolute(infoFile))
    return usageError('--info-file must be an absolute path');
  const graceMs = Number(values['grace-ms']);
  if (!/^[0-9]+$/.test(values['grace-ms'] ?? '') || !Number.isSafeInteger(graceMs)) {
    return usageError('--grace-ms must be a whole number of milliseconds');
  }
  const log = logFlags(values);
  if ('error' in log) return usageError(log.error);
  const { logLevel, logFormat } = log;
  return {
    kind: 'run',
    options: {
      listen,
      upstream,
      infoFile,
      graceMs,
      socketGroup: values['socket-group'] ?? null,
      logLevel,
      logFormat,
    },
  };
}

function usageError(detail: string): ParsedRelayArgs {
  return { kind: 'error', message: `${RELAY_PROGRAM_NAME}: ${detail}` };
}
