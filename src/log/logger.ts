/**
 * The daemon's logger: pino, JSON lines by default, or human text through pino-pretty.
 *
 * Pretty output is formatted in-process with pino-pretty's `prettyFactory` (no worker-thread transport), and both
 * formats end in the same asynchronous pino destination (sonic-boom). pino flushes that destination synchronously
 * on process exit; `flushLogger` lets a shutdown path flush explicitly before it exits.
 */
import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import { pino, type DestinationStream, type Logger } from 'pino';

/** pino-pretty is loaded only for --log-format pretty: JSON, the default, is what every node runs. */
const loadPinoPretty = (): typeof import('pino-pretty') => createRequire(import.meta.url)('pino-pretty');

export type { Logger } from 'pino';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The `name` field of every log line. */
export const LOGGER_NAME = 'resource-slot';

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /**
   * Where lines go: a file descriptor (default 1, stdout), a file path (appended to, parent dirs created), or any
   * stream with `write(line: string)` (tests). A stream given here is not owned by the logger: `flushLogger` only
   * forwards to its `flush` method if it has one.
   */
  destination?: number | string | DestinationStream;
  /** Colours in pretty output. Default: only when the destination is a terminal and NO_COLOR is unset. */
  colorize?: boolean;
}

type SonicBoom = ReturnType<typeof pino.destination>;

/** The sonic-boom destination each logger owns, so `flushLogger` can drain it. Children share their parent's. */
const ownedDestinations = new WeakMap<Logger, SonicBoom>();

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export function isLogFormat(value: string): value is LogFormat {
  return (LOG_FORMATS as readonly string[]).includes(value);
}

export function createLogger(options: LoggerOptions): Logger {
  const { level, format, destination = 1 } = options;
  if (!isLogLevel(level)) throw new TypeError(`unknown log level ${JSON.stringify(level)}`);
  if (!isLogFormat(format)) throw new TypeError(`unknown log format ${JSON.stringify(format)}`);

  let sonic: SonicBoom | undefined;
  let sink: DestinationStream;
  if (typeof destination === 'number' || typeof destination === 'string') {
    sonic = pino.destination({ dest: destination, sync: false, mkdir: typeof destination === 'string' });
    sink = sonic;
  } else {
    sink = destination;
  }

  const stream = format === 'pretty' ? prettyStream(sink, colorizeFor(destination, options.colorize)) : sink;
  const logger = pino({ name: LOGGER_NAME, level }, stream);
  if (sonic) ownedDestinations.set(logger, sonic);
  return logger;
}

/** A synchronous pretty-printing stream in front of `sink`: each JSON line becomes human text. */
function prettyStream(
  sink: DestinationStream,
  colorize: boolean,
): DestinationStream & { flush(cb: () => void): void } {
  const prettify = loadPinoPretty().prettyFactory({
    colorize,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l o',
    ignore: 'pid,hostname',
  });
  return {
    write(line: string): void {
      sink.write(prettify(line));
    },
    // pino's `logger.flush(cb)` calls `stream.flush` when it exists; keep that working through the wrapper.
    flush(cb: () => void): void {
      const maybeFlushable = sink as DestinationStream & { flush?: (cb: () => void) => void };
      if (typeof maybeFlushable.flush === 'function') maybeFlushable.flush(cb);
      else cb();
    },
  };
}

function colorizeFor(
  destination: number | string | DestinationStream,
  requested: boolean | undefined,
): boolean {
  if (requested !== undefined) return requested;
  if (typeof destination !== 'number') return false;
  return isatty(destination) && process.env['NO_COLOR'] === undefined;
}

/**
 * Resolves when every line logged so far through `logger` (or any child of it) has been handed to the OS.
 * Waits at most `timeoutMs` for an in-flight asynchronous write, then writes whatever is still buffered
 * synchronously. Never rejects: a shutdown path must not fail because logging did.
 */
export async function flushLogger(logger: Logger, timeoutMs = 2000): Promise<void> {
  const root = rootOf(logger);
  const sonic = root ? ownedDestinations.get(root) : undefined;
  if (!sonic) {
    await new Promise<void>((resolve) => {
      try {
        logger.flush(() => resolve());
      } catch {
        resolve();
      }
    });
    return;
  }
  const deadline = Date.now() + timeoutMs;
  // Not ready: a file destination that is still opening. Writing: an asynchronous write is in flight, and writing
  // the rest synchronously now could put lines out of order, so wait for sonic-boom's 'drain' first.
  for (let st = sonicState(sonic); !st.destroyed && (!st.ready || st.writing); st = sonicState(sonic)) {
    if (Date.now() >= deadline) break;
    await waitForEvent(sonic, st.ready ? 'drain' : 'ready', deadline - Date.now());
  }
  const st = sonicState(sonic);
  if (st.destroyed || !st.ready) return;
  try {
    sonic.flushSync();
  } catch {
    // Nothing sensible to do when the log destination itself fails (EPIPE, EBADF, …).
  }
}

/** Loggers created by `createLogger` are registered; children are found through their prototype chain. */
function rootOf(logger: Logger): Logger | undefined {
  let current: object | null = logger;
  while (current !== null) {
    if (ownedDestinations.has(current as Logger)) return current as Logger;
    current = Object.getPrototypeOf(current) as object | null;
  }
  return undefined;
}

/**
 * sonic-boom's typings do not expose these fields (stable since sonic-boom 1.x): `fd` is negative while a file is
 * still opening, `_writing` is true while an asynchronous write is in flight, `destroyed` after close.
 */
function sonicState(sonic: SonicBoom): { ready: boolean; writing: boolean; destroyed: boolean } {
  const raw = sonic as unknown as { fd?: unknown; _writing?: unknown; destroyed?: unknown };
  return {
    ready: typeof raw.fd === 'number' && raw.fd >= 0,
    writing: raw._writing === true,
    destroyed: raw.destroyed === true,
  };
}

function waitForEvent(sonic: SonicBoom, event: 'ready' | 'drain', timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      sonic.off(event, done);
      sonic.off('error', done);
      sonic.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, timeoutMs));
    sonic.once(event, done);
    sonic.once('error', done);
    sonic.once('close', done);
  });
}
