import { spawn, type ChildProcess } from 'node:child_process';

const BIN = new URL('../../src/cli/bin/resource-slot-conformance.js', import.meta.url).pathname;

export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the runner's bin as a user would. Asynchronous, so servers living in the test process keep answering. */
export function runConformance(args: string[]): Promise<BinRun> {
  return startConformance(args).done;
}

/** The runner's bin started, for a test that signals it while it runs. */
export function startConformance(args: string[]): { child: ChildProcess; done: Promise<BinRun> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<BinRun>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

export interface JsonReport {
  passed: number;
  failed: number;
  skipped: number;
  cleanupProblems: string[];
  checks: Array<{ name: string; result: 'pass' | 'fail' | 'skip'; why: string; ms: number }>;
}

export function namesWith(report: JsonReport, result: 'pass' | 'fail' | 'skip'): string[] {
  return report.checks.filter((check) => check.result === result).map((check) => check.name);
}
