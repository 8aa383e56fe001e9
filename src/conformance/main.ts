import fs from 'node:fs';
import { conformanceHelp, parseConformanceArgs, USAGE_EXIT_CODE, CONFORMANCE_PROGRAM } from './args.js';
import { ALL_CHECKS } from './checks/index.js';
import { FAULT_CHECKS } from './checks/faults.js';
import { FaultPlanFileError, loadPlanFile } from './fault-plan-file.js';
import { newFaultRun, summarizeFaults, type FaultRun } from './fault-run.js';
import { selectByGlobs } from './glob.js';
import { countsOf, reporterFor, type FaultSummary } from './report.js';
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
/** Under --faults, a call that fails by injection is tried this often in all, pausing 50, 100, 200, 400 ms. */
const RETRY_POLICY = { tries: 5, backoffMs: 50 };

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
  const checks = selectByGlobs(options.faults ? [...ALL_CHECKS, ...FAULT_CHECKS] : ALL_CHECKS, options.only);
  if (options.list) {
    process.stdout.write(checks.map((check) => `${check.name}\n`).join(''));
    return 0;
  }
  if (checks.length === 0) {
    process.stderr.write(`${CONFORMANCE_PROGRAM}: no check matches --only ${options.only.join(',')}\n`);
    return USAGE_EXIT_CODE;
  }
  let faults: FaultRun | undefined;
  if (options.faults) {
    try {
      const rules = loadPlanFile(options.faults);
      faults = newFaultRun(options.faults, rules, {
        socket: options.socket,
        callTimeoutMs: CALL_TIMEOUT_MS,
        policy: RETRY_POLICY,
      });
    } catch (error) {
      if (!(error instanceof FaultPlanFileError)) throw error;
      process.stderr.write(`${CONFORMANCE_PROGRAM}: ${error.message}\n`);
      return USAGE_EXIT_CODE;
    }
  }
  const session = new Session({
    socket: options.socket,
    taskSocket: options.taskSocket,
    sandboxer: options.sandboxer,
    callTimeoutMs: CALL_TIMEOUT_MS,
    waitWindowMs: WAIT_WINDOW_MS,
    answerMs: ANSWER_MS,
    ...(faults ? { faults } : {}),
  });
  try {
    if (!fs.existsSync(options.socket)) throw new Error(`cannot reach ${options.socket}: no such socket`);
    await session.connect(CONNECT_TIMEOUT_MS);
  } catch (error) {
    await session.cleanup();
    faults?.sandboxer.close();
    process.stderr.write(`${CONFORMANCE_PROGRAM}: ${(error as Error).message}\n`);
    return 1;
  }
  const interrupted = new AbortController();
  const onSignal = (): void => interrupted.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Installed once an interrupt can no longer kill the process outright, so its cleanup always removes the rules.
  const refused = faults ? await installPlan(faults, session) : null;
  if (refused !== null) {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.stderr.write(refused);
    return 1;
  }
  const reporter = reporterFor(options.format, (text) => process.stdout.write(text));
  const { results, cleanupProblems } = await runChecks(checks, session, reporter, interrupted.signal);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  const faultSummary = faults ? await faultSummaryOf(faults, session) : undefined;
  reporter.end({
    socket: options.socket,
    sandboxer: options.sandboxer,
    results,
    cleanupProblems,
    ...(faultSummary ? { faults: faultSummary } : {}),
  });
  if (interrupted.signal.aborted) return INTERRUPTED_EXIT_CODE;
  return countsOf(results).fail > 0 || cleanupProblems.length > 0 ? 1 : 0;
}

/** Adds the plan's rules; on a refusal, removes those added and answers the lines to print (else null). */
async function installPlan(faults: FaultRun, session: Session): Promise<string | null> {
  try {
    await faults.sandboxer.install(faults.rules, session.idPrefix);
    return null;
  } catch (error) {
    const problems = await session.cleanup();
    faults.sandboxer.close();
    return [(error as Error).message, ...problems]
      .map((line) => `${CONFORMANCE_PROGRAM}: ${line}\n`)
      .join('');
  }
}

/** The report's fault summary; when the call log cannot be read it is left out (faults.calls-logged says so). */
async function faultSummaryOf(faults: FaultRun, session: Session): Promise<FaultSummary | undefined> {
  try {
    return await summarizeFaults(faults, session.idPrefix);
  } catch (error) {
    process.stderr.write(`${CONFORMANCE_PROGRAM}: no fault summary: ${(error as Error).message}\n`);
    return undefined;
  } finally {
    faults.sandboxer.close();
  }
}
