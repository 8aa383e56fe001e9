import fs from 'node:fs';
import { conformanceHelp, parseConformanceArgs, USAGE_EXIT_CODE, CONFORMANCE_PROGRAM } from './args.js';
import { ALL_CHECKS } from './checks/index.js';
import { selectByGlobs } from './glob.js';
import { countsOf, reporterFor } from './report.js';
import { runChecks } from './runner.js';
import { Session } from './session.js';

const CONNECT_TIMEOUT_MS = 5_000;
/** Every call that should answer promptly gets this deadline; a hung sandboxer fails checks instead of stalling. */
const CALL_TIMEOUT_MS = 10_000;
/** A Wait still pending after this long counts as blocking. */
const WAIT_WINDOW_MS = 300;
/** A Wait that should return (after Stop or Kill) must do so within this long. */
const ANSWER_MS = 5_000;
const INTERRUPTED_EXIT_CODE = 130;

/** `resource-slot-conformance`: answers the exit status (0 all passed or skipped, 1 a failure, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseConformanceArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(conformanceHelp());
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`${parsed.message}\n`);
    return USAGE_EXIT_CODE;
  }
  const { options } = parsed;
  const checks = selectByGlobs(ALL_CHECKS, options.only);
  if (options.list) {
    process.stdout.write(checks.map((check) => `${check.name}\n`).join(''));
    return 0;
  }
  if (checks.length === 0) {
    process.stderr.write(`${CONFORMANCE_PROGRAM}: no check matches --only ${options.only.join(',')}\n`);
    return USAGE_EXIT_CODE;
  }
  const session = new Session({
    socket: options.socket,
    taskSocket: options.taskSocket,
    sandboxer: options.sandboxer,
    callTimeoutMs: CALL_TIMEOUT_MS,
    waitWindowMs: WAIT_WINDOW_MS,
    answerMs: ANSWER_MS,
  });
  try {
    if (!fs.existsSync(options.socket)) throw new Error(`cannot reach ${options.socket}: no such socket`);
    await session.connect(CONNECT_TIMEOUT_MS);
  } catch (error) {
    await session.cleanup();
    process.stderr.write(`${CONFORMANCE_PROGRAM}: ${(error as Error).message}\n`);
    return 1;
  }
  const interrupted = new AbortController();
  const onSignal = (): void => interrupted.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const reporter = reporterFor(options.format, (text) => process.stdout.write(text));
  const { results, cleanupProblems } = await runChecks(checks, session, reporter, interrupted.signal);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  reporter.end({ socket: options.socket, sandboxer: options.sandboxer, results, cleanupProblems });
  if (interrupted.signal.aborted) return INTERRUPTED_EXIT_CODE;
  return countsOf(results).fail > 0 || cleanupProblems.length > 0 ? 1 : 0;
}
