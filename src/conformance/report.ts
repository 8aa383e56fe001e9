import type { ReportFormat } from './args.js';
import { describeTally, type MethodTally } from './fault-tally.js';
import type { Result } from './verdict.js';

export interface CheckResult {
  name: string;
  result: Result;
  why: string;
  ms: number;
}

export interface RunSummary {
  socket: string;
  sandboxer: string;
  results: CheckResult[];
  /** What cleanup could not remove. */
  cleanupProblems: string[];
  /** With --faults: the plan and the faults the sandboxer's call log shows in the run's calls. */
  faults?: FaultSummary;
}

export interface FaultSummary {
  plan: string;
  /** The rules the run added, with the ids the sandboxer gave them. */
  rules: Array<{ id: string; description: string }>;
  injected: MethodTally[];
  /** Calls of the run's time the log no longer held: the counts miss any among them. */
  dropped: number;
}

/** `faults from plan.yaml (rules r1, r2): Controller.Start 31 failed, ...`. */
function faultLine({ plan, rules, injected, dropped }: FaultSummary): string {
  const ids = rules.map(({ id }) => id).join(', ');
  const partial = dropped > 0 ? ` (${dropped} calls no longer in the call log)` : '';
  return `faults from ${plan} (rules ${ids}): ${describeTally(injected)}${partial}`;
}

/** Prints results as they come (text, tap) or all at the end (json). */
export interface Reporter {
  begin(names: readonly string[]): void;
  result(result: CheckResult): void;
  end(summary: RunSummary): void;
}

export function countsOf(results: readonly CheckResult[]): Record<Result, number> {
  const counts: Record<Result, number> = { pass: 0, fail: 0, skip: 0 };
  for (const { result } of results) counts[result] += 1;
  return counts;
}

function totals(summary: RunSummary): string {
  const counts = countsOf(summary.results);
  return `${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped against ${summary.socket}`;
}

/** Keeps each check on one line whatever its message says. */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

function textReporter(write: (text: string) => void): Reporter {
  return {
    begin: () => {},
    result: ({ name, result, why }) => write(`${result.toUpperCase().padEnd(4)} ${name}: ${oneLine(why)}\n`),
    end: (summary) => {
      for (const problem of summary.cleanupProblems) write(`FAIL cleanup: ${oneLine(problem)}\n`);
      if (summary.faults) write(`${faultLine(summary.faults)}\n`);
      write(`${totals(summary)}\n`);
    },
  };
}

function tapReporter(write: (text: string) => void): Reporter {
  let number = 0;
  const escape = (text: string): string => oneLine(text).replace(/[\\#]/g, '\\$&');
  return {
    begin: (names) => write(`TAP version 14\n1..${names.length}\n`),
    result: ({ name, result, why }) => {
      number += 1;
      if (result === 'skip') write(`ok ${number} - ${name} # SKIP ${escape(why)}\n`);
      else write(`${result === 'pass' ? 'ok' : 'not ok'} ${number} - ${name}: ${escape(why)}\n`);
    },
    end: (summary) => {
      for (const problem of summary.cleanupProblems) write(`# cleanup failed: ${oneLine(problem)}\n`);
      if (summary.faults) write(`# ${faultLine(summary.faults)}\n`);
      write(`# ${totals(summary)}\n`);
    },
  };
}

function jsonReporter(write: (text: string) => void): Reporter {
  return {
    begin: () => {},
    result: () => {},
    end: (summary) => {
      const counts = countsOf(summary.results);
      write(
        JSON.stringify(
          {
            socket: summary.socket,
            sandboxer: summary.sandboxer,
            passed: counts.pass,
            failed: counts.fail,
            skipped: counts.skip,
            cleanupProblems: summary.cleanupProblems,
            checks: summary.results,
            ...(summary.faults ? { faults: summary.faults } : {}),
          },
          null,
          2,
        ) + '\n',
      );
    },
  };
}

export function reporterFor(format: ReportFormat, write: (text: string) => void): Reporter {
  switch (format) {
    case 'text':
      return textReporter(write);
    case 'tap':
      return tapReporter(write);
    case 'json':
      return jsonReporter(write);
  }
}
