import { verdictOf, type Check } from './check.js';
import type { CheckResult, Reporter } from './report.js';
import type { Session } from './session.js';

/**
 * Runs the checks one after another and always cleans up, even when a check throws or `stop` fires (SIGINT):
 * the checks still pending are then left out.
 */
export async function runChecks(
  checks: readonly Check[],
  session: Session,
  reporter: Reporter,
  stop: AbortSignal,
): Promise<{ results: CheckResult[]; cleanupProblems: string[] }> {
  const results: CheckResult[] = [];
  let cleanupProblems: string[] = [];
  reporter.begin(checks.map((check) => check.name));
  try {
    for (const check of checks) {
      if (stop.aborted) break;
      const started = Date.now();
      const verdict = await verdictOf(check, session);
      const result = { name: check.name, ...verdict, ms: Date.now() - started };
      results.push(result);
      reporter.result(result);
    }
  } finally {
    cleanupProblems = await session.cleanup();
  }
  return { results, cleanupProblems };
}
