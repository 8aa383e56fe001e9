import { parseInvocation, PROGRAM, type GlobalSettings } from './args.js';
import { DaemonApi } from './daemon-api.js';
import { describeFailure } from './errors.js';
import { programHelp, verbHelp } from './help.js';
import type { CtlIo } from './io.js';
import { DEFAULT_LISTEN } from '../process/argv.js';

/** One ctl invocation: parse, run the verb against the daemon, print; returns the exit status. */
export async function runCtl(argv: string[], io: CtlIo): Promise<number> {
  let settings: GlobalSettings | undefined;
  let api: DaemonApi | undefined;
  let verbName = '';
  try {
    const invocation = parseInvocation(argv);
    if (invocation.kind === 'help') {
      io.stdout(invocation.verb ? verbHelp(invocation.verb) : programHelp());
      return 0;
    }
    const { verb } = invocation;
    verbName = verb.name;
    settings = invocation.settings;
    api = new DaemonApi({
      socket: settings.socket,
      taskSocket: settings.taskSocket,
      timeoutMs: settings.timeoutMs,
    });
    await verb.run(
      {
        api,
        io,
        output: settings.output ?? verb.defaultOutput,
        bundleDir: settings.bundleDir,
        timeoutMs: settings.timeoutMs,
        now: () => Date.now(),
      },
      invocation.positionals,
      invocation.values,
    );
    return 0;
  } catch (error) {
    const { text, exitCode } = describeFailure(error, settings?.socket ?? DEFAULT_LISTEN);
    io.stderr(`${PROGRAM}${verbName ? ' ' + verbName : ''}: ${text}\n`);
    return exitCode;
  } finally {
    api?.close();
  }
}

/** The bin's entry: real stdout/stderr, and SIGINT/SIGTERM end a running verb (watch) cleanly. */
export async function main(argv: string[]): Promise<number> {
  const interrupted = new AbortController();
  const interrupt = (): void => interrupted.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    return await runCtl(argv, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      signal: interrupted.signal,
    });
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
  }
}
