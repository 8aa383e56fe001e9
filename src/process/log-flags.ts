import {
  LOG_FORMATS,
  LOG_LEVELS,
  isLogFormat,
  isLogLevel,
  type LogFormat,
  type LogLevel,
} from '../log/logger.js';
import { quote } from './quote.js';

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';
export const DEFAULT_LOG_FORMAT: LogFormat = 'json';

/** `--log-level` and `--log-format`, as the daemon's and the task relay's command lines both take them. */
export const LOG_FLAG_SPEC = {
  'log-level': { type: 'string' },
  'log-format': { type: 'string' },
} as const;

export type LogFlags = { logLevel: LogLevel; logFormat: LogFormat };

/** The flags' values with their defaults, or a usage message naming the bad flag and value. */
export function logFlags(values: {
  'log-level'?: string;
  'log-format'?: string;
}): LogFlags | { error: string } {
  const logLevel = values['log-level'] ?? DEFAULT_LOG_LEVEL;
  if (!isLogLevel(logLevel)) {
    return { error: `--log-level must be one of ${LOG_LEVELS.join('|')}, got ${quote(logLevel)}` };
  }
  const logFormat = values['log-format'] ?? DEFAULT_LOG_FORMAT;
  if (!isLogFormat(logFormat)) {
    return { error: `--log-format must be one of ${LOG_FORMATS.join('|')}, got ${quote(logFormat)}` };
  }
  return { logLevel, logFormat };
}
