/**
 * The `--workload` file as the daemon keeps it: read at start-up (a bad file stops the daemon), then re-read on
 * SIGHUP and when the file changes (a watch on its directory, so an editor's write-and-rename is seen too,
 * debounced). A bad file on a reload is refused whole: logged at error with the file, line and problem, and the
 * rules in force stay. Good rules go to the consumer (the usage sampler), which rebuilds each container's workload
 * on its next sample.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { parseProfileFile, ProfileFileError, type ProfileRules } from './profile-file.js';

export const RELOAD_DEBOUNCE_MS = 100;

/** The file's text; a read problem throws a ProfileFileError naming the file (line 0). */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ProfileFileError(file, 0, `cannot read the workload profile file: ${(err as Error).message}`);
  }
}

/** Reads and parses the file; a read or parse problem throws a ProfileFileError naming the file (and line). */
export function readProfileFile(file: string): ProfileRules {
  return parseProfileFile(readText(file), file);
}

export type ReloadReason = 'SIGHUP' | 'change';

export class ProfileFileSource {
  private watcher: fs.FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private consumer: ((rules: ProfileRules) => void) | null = null;
  private text: string | null = null;

  private constructor(
    readonly file: string,
    private readonly log: Logger,
    private rules: ProfileRules,
    private readonly debounceMs: number,
  ) {}

  /** Reads the file now: throws (ProfileFileError) when it cannot be read or is bad. Nothing is watched yet. */
  static open(file: string, log: Logger, debounceMs = RELOAD_DEBOUNCE_MS): ProfileFileSource {
    const text = readText(file);
    const source = new ProfileFileSource(file, log, parseProfileFile(text, file), debounceMs);
    source.text = text;
    log.info({ file, documents: source.rules.documents.length }, 'Read the workload profile file');
    return source;
  }

  /** The rules in force. */
  get current(): ProfileRules {
    return this.rules;
  }

  /** Hands the rules to `consumer` now and after every good reload, and starts watching the file. */
  start(consumer: (rules: ProfileRules) => void): void {
    this.consumer = consumer;
    consumer(this.rules);
    try {
      this.watcher = fs.watch(path.dirname(this.file), { persistent: false }, (_event, name) => {
        if (name === null || name === path.basename(this.file)) this.schedule();
      });
      this.watcher.on('error', (err) =>
        this.log.warn({ file: this.file, err: err.message }, 'Stopped watching the workload profile file'),
      );
    } catch (err) {
      this.log.warn(
        { file: this.file, err: (err as Error).message },
        'Cannot watch the workload profile file; it is re-read on SIGHUP only',
      );
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.reload('change');
    }, this.debounceMs);
  }

  /**
   * Re-reads the file; true when new rules are in force. A change that leaves the text as it was does nothing;
   * a SIGHUP always re-applies.
   */
  reload(reason: ReloadReason): boolean {
    const { file, log } = this;
    let text: string;
    let rules: ProfileRules;
    try {
      text = readText(file);
      if (reason === 'change' && text === this.text) return false;
      rules = parseProfileFile(text, file);
    } catch (err) {
      const problem = err instanceof ProfileFileError ? err : null;
      log.error(
        {
          file,
          line: problem?.line ?? 0,
          problem: problem?.problem ?? (err as Error).message,
          reason,
        },
        `Refused the workload profile file; the previous rules stay in force: ${(err as Error).message}`,
      );
      return false;
    }
    this.text = text;
    this.rules = rules;
    this.consumer?.(rules);
    log.info({ file, documents: rules.documents.length, reason }, 'Re-read the workload profile file');
    return true;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.watcher?.close();
    this.watcher = null;
  }
}
